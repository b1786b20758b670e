import type { AssertionsResult } from '../../spec/assertion.ts';
import type { GenerateResult, ServiceModelRef } from '../../spec/model.ts';
import type { SuiteModel, SuiteTest } from '../../spec/suite.ts';
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
  const testJudge = graderOf(test.options.provider);
  const baseJudge = options.judge;
  const judge: JudgeFunction | undefined =
    baseJudge === undefined || testJudge === undefined
      ? baseJudge
      : (request, provider) => baseJudge(request, provider ?? testJudge);
  const testEmbedder = test.options.embeddingProvider;
  const baseEmbed = options.embed;
  const embed: EmbedFunction | undefined =
    baseEmbed === undefined || testEmbedder === undefined
      ? baseEmbed
      : (texts, provider) => baseEmbed(texts, provider ?? testEmbedder);
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

/** A test's grader as its checks ask it: through the entry's own endpoint when it gives one. */
function graderOf(model: SuiteModel | undefined): ServiceModelRef | undefined {
  if (model === undefined) return undefined;
  return model.connection === undefined ? model.ref : { ref: model.ref, connection: model.connection };
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
