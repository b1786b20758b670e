import type { AssertionsResult } from '../../spec/assertion.ts';
import type { GenerateResult } from '../../spec/model.ts';
import type { SuiteTest } from '../../spec/suite.ts';
import type { AssertionContext, EmbedFunction, JudgeFunction } from './assertion-context.ts';
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
  tokenCount: (text: string) => number;
  /** The model's function or tool declarations, when its config has them. */
  tools?: readonly unknown[];
}

/**
 * Run a test's compiled checks on a model's answer, as every runner does: the test's variables
 * and description, the answer's latency, cost and tokens, and the judge — the test's own
 * `options.provider` grading its model-graded checks unless a check names its own.
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
  // Written out without conditional spreads: this runs once per cell, and each spread made an
  // object of its own.
  return evaluateAssertions(compiled, {
    output: answer.text,
    prompt: options.prompt,
    vars: test.vars,
    test: test.description === undefined ? NO_DESCRIPTION : { description: test.description },
    latencyMs: answer.latencyMs,
    costUsd: answer.costUsd,
    tokens: answer.usage,
    finishReason: answer.finishReason,
    tools: options.tools,
    allowCode: options.allowCode,
    allowDataCode: options.allowDataCode === true,
    judge,
    embed: options.embed,
    tokenCount: options.tokenCount,
  });
}

const NO_DESCRIPTION: AssertionContext['test'] = Object.freeze({});
