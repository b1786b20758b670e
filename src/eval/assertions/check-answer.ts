import type { AssertionsResult } from '../../spec/assertion.ts';
import type { GenerateResult } from '../../spec/model.ts';
import type { SuiteTest } from '../../spec/suite.ts';
import type {
  AssertionContext,
  EmbedFunction,
  JudgeFunction,
  ModerateFunction,
} from './assertion-context.ts';
import type { CompiledAssertions } from './compile-assertions.ts';
import { evaluateAssertions } from './evaluate-assertions.ts';

/** What checks of an answer may use besides the answer itself. */
export interface CheckAnswerOptions {
  /** The rendered prompt's text. */
  prompt: string;
  allowCode: boolean;
  /** Whether code that came with test data may run too (allowCode: true); absent: no. */
  allowDataCode?: boolean;
  judge?: JudgeFunction;
  embed?: EmbedFunction;
  moderate?: ModerateFunction;
  tokenCount: (text: string) => number;
  /** The model's function or tool declarations, when its config has them. */
  tools?: readonly unknown[];
}

/**
 * Run a test's compiled checks on a model's answer, as every runner does: the test's variables
 * and description, the answer's latency, cost and tokens, and the judge — the test's own
 * `options.provider` grading its model-graded checks unless a check names its own (and its
 * embedding provider embedding for checks that name none).
 */
export function checkAnswer(
  compiled: CompiledAssertions,
  test: Pick<SuiteTest, 'vars' | 'description' | 'options'>,
  answer: GenerateResult,
  options: CheckAnswerOptions,
): Promise<AssertionsResult> {
  const testJudge = test.options.provider?.ref;
  const baseJudge = options.judge;
  const judge =
    baseJudge === undefined || testJudge === undefined
      ? baseJudge
      : (request: Parameters<JudgeFunction>[0], provider: string | undefined) =>
          baseJudge(request, provider ?? testJudge);
  const testEmbedder = test.options.embeddingProvider;
  const baseEmbed = options.embed;
  const embed =
    baseEmbed === undefined || testEmbedder === undefined
      ? baseEmbed
      : (texts: string[], provider: string | undefined) => baseEmbed(texts, provider ?? testEmbedder);
  // Written out without conditional spreads: this runs once per cell, and each spread made an
  // object of its own.
  return evaluateAssertions(compiled, {
    output: answer.text,
    prompt: options.prompt,
    vars: test.vars,
    test: testView(test),
    latencyMs: answer.latencyMs,
    costUsd: answer.costUsd,
    tokens: answer.usage,
    finishReason: answer.finishReason,
    tools: options.tools,
    allowCode: options.allowCode,
    allowDataCode: options.allowDataCode === true,
    judge,
    embed,
    moderate: options.moderate,
    logProbs: answer.logProbs,
    tokenCount: options.tokenCount,
  });
}

const NO_DESCRIPTION: AssertionContext['test'] = Object.freeze({});

/** What checks see of the test: its description and the factuality scores of its options. */
function testView(test: Pick<SuiteTest, 'description' | 'options'>): AssertionContext['test'] {
  const { factuality } = test.options;
  if (factuality === undefined) {
    return test.description === undefined ? NO_DESCRIPTION : { description: test.description };
  }
  return test.description === undefined ? { factuality } : { description: test.description, factuality };
}
