import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import { askJudge } from '../judge/ask-judge.ts';
import {
  buildJudgeRequest,
  type JudgeSettings,
  judgeUserMessage,
  parseJudgeSettings,
} from '../judge/judge-request.ts';
import {
  JUDGE_VERDICT_JSON_SCHEMA,
  judgeVerdictSchema,
  VERDICT_INSTRUCTIONS,
} from '../judge/judge-verdict.ts';

const SYSTEM = `You grade the output of an AI model against a rubric. Judge only what the rubric asks for. ${VERDICT_INSTRUCTIONS}`;
const TEMPLATE =
  'Rubric:\n<rubric>\n{{rubric}}\n</rubric>\n\nOutput to grade:\n<output>\n{{output}}\n</output>';

interface RubricConfig {
  rubric: string;
  threshold: number | undefined;
  provider: string | undefined;
  rubricPrompt: string | undefined;
  settings: JudgeSettings;
}

/** A judge model grades the output against the rubric in `value`; with `threshold`, its score must reach it too. */
export const llmRubric: CellHandler<RubricConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    rubric: parseValue(assertion, z.string().min(1), 'a rubric'),
    threshold: assertion.threshold,
    provider: assertion.provider,
    rubricPrompt: assertion.rubricPrompt,
    settings: parseJudgeSettings(assertion),
  }),
  async check(config: RubricConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const user = judgeUserMessage(config.rubricPrompt, TEMPLATE, context, {
      rubric: config.rubric,
      output: context.output,
    });
    const request = buildJudgeRequest(SYSTEM, user, JUDGE_VERDICT_JSON_SCHEMA, config.settings);
    const answer = await askJudge(context.judge, config.provider, request, judgeVerdictSchema);
    if (!answer.ok) return answer.outcome;
    const { pass, score, reason } = answer.value;
    return { pass: pass && (config.threshold === undefined || score >= config.threshold), score, reason };
  },
};
