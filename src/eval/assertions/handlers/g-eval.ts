import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseOption, parseValue } from '../assertion-config.ts';
import type { AssertionContext, JudgeFunction } from '../assertion-context.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import { askJudge, type JudgeAnswer } from '../judge/ask-judge.ts';
import {
  buildJudgeRequest,
  type JudgeSettings,
  judgeUserMessage,
  parseJudgeSettings,
} from '../judge/judge-request.ts';

const STEPS_SYSTEM =
  'You write evaluation steps for grading a text against criteria. Answer with one JSON object and nothing else: {"steps": [3 to 6 short, concrete steps]}.';
const SCORE_SYSTEM =
  'You grade the output of an AI model by following the evaluation steps, in order. Answer with one JSON object and nothing else: {"score": an integer from 0 (fails the criteria) to 10 (fully meets them), "reason": one or two sentences}.';
const SCORE_TEMPLATE =
  'Criteria:\n<criteria>\n{{criteria}}\n</criteria>\n\nEvaluation steps:\n{{steps}}\n\n' +
  'Input:\n<input>\n{{prompt}}\n</input>\n\nOutput to grade:\n<output>\n{{output}}\n</output>';

const stepsSchema = z.object({ steps: z.array(nonEmptyStringSchema).min(1).max(12) });
const givenStepsSchema = z.array(nonEmptyStringSchema).min(1).optional();
const scoreSchema = z.object({ score: z.number().int().min(0).max(10), reason: z.string() });
const STEPS_JSON_SCHEMA = {
  type: 'object',
  properties: { steps: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  required: ['steps'],
  additionalProperties: false,
};
const SCORE_JSON_SCHEMA = {
  type: 'object',
  properties: { score: { type: 'integer', minimum: 0, maximum: 10 }, reason: { type: 'string' } },
  required: ['score', 'reason'],
  additionalProperties: false,
};

/** One criterion's grading, as configured. */
interface GEvalConfig {
  criteria: string;
  /** Steps written in the suite; otherwise asked of the judge once per judge function. */
  steps: string[] | undefined;
  threshold: number;
  provider: string | undefined;
  rubricPrompt: string | undefined;
  settings: JudgeSettings;
  stepsByJudge: WeakMap<JudgeFunction, Promise<JudgeAnswer<{ steps: string[] }>>>;
}

const criteriaSchema = z.union([nonEmptyStringSchema, z.array(nonEmptyStringSchema).min(1)]);

/**
 * G-Eval (Liu et al., 2023): the judge turns the criteria into evaluation steps (once), then
 * scores each output 0-10 by those steps; score / 10 must reach `threshold` (default 0.7). A list
 * of criteria (promptfoo's) is graded one by one and their mean score must reach it; a criterion
 * the judge could not grade decides the check, as in promptfoo.
 */
export const gEval: CellHandler<GEvalConfig[]> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => {
    const criteria = parseValue(
      assertion,
      criteriaSchema,
      'the criteria to grade by (a text, or a list of them)',
    );
    const steps = parseOption(assertion, 'steps', givenStepsSchema);
    const settings = parseJudgeSettings(assertion);
    return [criteria].flat().map((criterion) => ({
      criteria: criterion,
      steps,
      threshold: assertion.threshold ?? 0.7,
      provider: assertion.provider,
      rubricPrompt: assertion.rubricPrompt,
      settings,
      stepsByJudge: new WeakMap(),
    }));
  },
  async check(configs: GEvalConfig[], context: AssertionContext): Promise<AssertionOutcome> {
    if (configs.length === 1) return gradeCriterion(configs[0]!, context);
    const outcomes: AssertionOutcome[] = [];
    for (const [index, config] of configs.entries()) {
      const outcome = await gradeCriterion(config, context);
      if (outcome.error === true || outcome.broken === true) {
        return { ...outcome, reason: `G-Eval criterion ${index + 1}/${configs.length}: ${outcome.reason}` };
      }
      outcomes.push(outcome);
    }
    const score = outcomes.reduce((sum, outcome) => sum + outcome.score, 0) / outcomes.length;
    const threshold = configs[0]!.threshold;
    const pass = score >= threshold;
    return {
      pass,
      score,
      reason: `G-Eval mean ${(score * 10).toFixed(1)}/10 ${pass ? '≥' : '<'} ${threshold * 10} over ${configs.length} criteria: ${outcomes.map((outcome) => outcome.reason).join(' | ')}`,
    };
  },
};

/** One criterion graded: its steps (the suite's, or the judge's), then the score. */
async function gradeCriterion(config: GEvalConfig, context: AssertionContext): Promise<AssertionOutcome> {
  const steps = config.steps
    ? { ok: true as const, value: { steps: config.steps } }
    : await judgeSteps(config, context);
  if (!steps.ok) return steps.outcome;
  const user = judgeUserMessage(config.rubricPrompt, SCORE_TEMPLATE, context, {
    criteria: config.criteria,
    steps: steps.value.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'),
    output: context.output,
  });
  const request = buildJudgeRequest(SCORE_SYSTEM, user, SCORE_JSON_SCHEMA, config.settings);
  const answer = await askJudge(context.judge, config.provider, request, scoreSchema);
  if (!answer.ok) return answer.outcome;
  const score = answer.value.score / 10;
  const pass = score >= config.threshold;
  return {
    pass,
    score,
    reason: `G-Eval ${answer.value.score}/10 ${pass ? '≥' : '<'} ${config.threshold * 10}: ${answer.value.reason}`,
  };
}

function judgeSteps(
  config: GEvalConfig,
  context: AssertionContext,
): Promise<JudgeAnswer<{ steps: string[] }>> {
  const judge = context.judge;
  const cached = judge && config.stepsByJudge.get(judge);
  if (cached) return cached;
  const user = `Criteria:\n<criteria>\n${config.criteria}\n</criteria>`;
  const request = buildJudgeRequest(STEPS_SYSTEM, user, STEPS_JSON_SCHEMA, config.settings);
  const answer = askJudge(judge, config.provider, request, stepsSchema);
  if (judge) {
    config.stepsByJudge.set(judge, answer);
    // Only good steps are kept; after a bad answer the next cell asks again.
    void answer.then((result) => {
      if (!result.ok) config.stepsByJudge.delete(judge);
    });
  }
  return answer;
}
