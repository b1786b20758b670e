import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { AssertionOutcome } from '../assertion-handler.ts';
import { askJudge } from './ask-judge.ts';
import {
  buildJudgeRequest,
  type JudgeSettings,
  judgeUserMessage,
  parseJudgeSettings,
} from './judge-request.ts';
import { JUDGE_VERDICT_JSON_SCHEMA, judgeVerdictSchema } from './judge-verdict.ts';

/** What every verdict-graded assertion carries: judge, optional rubric prompt, threshold, sampling. */
export interface VerdictGraderConfig {
  threshold: number | undefined;
  provider: string | undefined;
  rubricPrompt: string | undefined;
  settings: JudgeSettings;
}

/** The verdict settings of an assertion as written in a suite. */
export function parseVerdictGrader(assertion: Assertion): VerdictGraderConfig {
  return {
    threshold: assertion.threshold,
    provider: assertion.provider,
    rubricPrompt: assertion.rubricPrompt,
    settings: parseJudgeSettings(assertion),
  };
}

/**
 * Ask the judge for a `{pass, score, reason}` verdict on a message built from `template` (or the
 * suite's rubricPrompt) and `slots`; it passes when the judge says so and the score reaches the threshold.
 */
export async function gradeWithVerdict(
  config: VerdictGraderConfig,
  context: AssertionContext,
  prompt: { system: string; template: string; slots: Record<string, string> },
): Promise<AssertionOutcome> {
  const user = judgeUserMessage(config.rubricPrompt, prompt.template, context, prompt.slots);
  const request = buildJudgeRequest(prompt.system, user, JUDGE_VERDICT_JSON_SCHEMA, config.settings);
  const answer = await askJudge(context.judge, config.provider, request, judgeVerdictSchema);
  if (!answer.ok) return answer.outcome;
  const { pass, score, reason } = answer.value;
  return { pass: pass && (config.threshold === undefined || score >= config.threshold), score, reason };
}
