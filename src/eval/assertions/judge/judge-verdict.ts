import { z } from 'zod';

/** The verdict every grading judge must answer with. */
export const judgeVerdictSchema = z.object({
  pass: z.boolean(),
  score: z.number().min(0).max(1),
  reason: z.string(),
});
export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

/** JSON Schema of the verdict, sent as the request's output schema. */
export const JUDGE_VERDICT_JSON_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    pass: { type: 'boolean' },
    score: { type: 'number', minimum: 0, maximum: 1 },
    reason: { type: 'string' },
  },
  required: ['pass', 'score', 'reason'],
  additionalProperties: false,
};

/** How the judge is told to answer. */
export const VERDICT_INSTRUCTIONS =
  'Answer with one JSON object and nothing else: {"pass": true or false, "score": a number from 0 to 1, "reason": one or two sentences}.';
