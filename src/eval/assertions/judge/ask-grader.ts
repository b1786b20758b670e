import type { z } from 'zod';
import type { AssertionContext } from '../assertion-context.ts';
import { askJudge, type JudgeAnswer } from './ask-judge.ts';
import type { VerdictGraderConfig } from './grade-with-verdict.ts';
import { buildJudgeRequest, judgeUserMessage } from './judge-request.ts';

/** One judge question of a check: its system text, user template and slots, and the answer's shape. */
export interface GraderQuestion<T> {
  system: string;
  template: string;
  slots: Record<string, string>;
  /** JSON Schema sent as the request's output schema. */
  jsonSchema: Record<string, unknown>;
  /** The same shape, to read the answer strictly. */
  schema: z.ZodType<T>;
}

/**
 * Ask the check's judge one question (the suite's rubricPrompt, if any, replaces the template),
 * through the run's judge function: journaled, cached and accounted like every judge call.
 */
export function askGrader<T>(
  config: Pick<VerdictGraderConfig, 'provider' | 'rubricPrompt' | 'settings'>,
  context: AssertionContext,
  question: GraderQuestion<T>,
): Promise<JudgeAnswer<T>> {
  const user = judgeUserMessage(config.rubricPrompt, question.template, context, question.slots);
  const request = buildJudgeRequest(question.system, user, question.jsonSchema, config.settings);
  return askJudge(context.judge, config.provider, request, question.schema);
}
