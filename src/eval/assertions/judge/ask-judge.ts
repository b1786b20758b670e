import type { z } from 'zod';
import type { GenerateRequest } from '../../../spec/model.ts';
import { isPlainObject } from '../../../util/is-plain-object.ts';
import { safeJsonParse } from '../../../util/safe-json.ts';
import type { JudgeFunction } from '../assertion-context.ts';
import { type AssertionOutcome, broken, undecided } from '../assertion-handler.ts';
import { extractJsonValues } from '../json/extract-json-values.ts';
import { looksLikeRefusal } from '../text/looks-like-refusal.ts';

/** A judge's parsed answer, or the outcome to record when there is none. */
export type JudgeAnswer<T> = { ok: true; value: T } | { ok: false; outcome: AssertionOutcome };

// One fence around the whole answer, or prose around one JSON object: an answer holding several
// objects (a verdict and one quoted from the output, say) is no verdict.
const WHOLE_FENCE = /^```(?:json)?\s*\n([\s\S]*)\n```$/;

/**
 * Ask the judge and read its answer strictly: one JSON object matching `schema`, nothing else.
 * A missing judge or a failed call leaves the check undecided; an answer that is no grade (a
 * refusal, prose, a malformed verdict) fails it, as promptfoo does: an output that derails its
 * grader is never let through as "could not tell", negated or not.
 */
export async function askJudge<T>(
  judge: JudgeFunction | undefined,
  provider: string | undefined,
  request: GenerateRequest,
  schema: z.ZodType<T>,
): Promise<JudgeAnswer<T>> {
  if (!judge) {
    return { ok: false, outcome: undecided('no judge model is configured for model-graded checks') };
  }
  let text: string;
  try {
    text = (await judge(request, provider)).text;
  } catch (error) {
    return { ok: false, outcome: undecided(`the judge call failed: ${describe(error)}`) };
  }
  return parseJudgeAnswer(text, schema);
}

/**
 * Parse a judge's text as one JSON object matching `schema`: the whole text, one fenced block, or
 * the only JSON object in prose (as weaker judges write "Here is my grade: {...}").
 */
export function parseJudgeAnswer<T>(text: string, schema: z.ZodType<T>): JudgeAnswer<T> {
  const trimmed = text.trim();
  const body = WHOLE_FENCE.exec(trimmed)?.[1] ?? trimmed;
  const parsed = safeJsonParse(body);
  let verdict: unknown = parsed.ok ? parsed.value : undefined;
  if (!isPlainObject(verdict)) {
    const embedded = extractJsonValues(trimmed).filter(isPlainObject);
    if (embedded.length > 1) {
      return {
        ok: false,
        outcome: broken(
          `the judge answered badly: its answer holds ${embedded.length} JSON objects, not one verdict`,
        ),
      };
    }
    verdict = embedded[0];
  }
  if (!isPlainObject(verdict)) {
    const why = looksLikeRefusal(trimmed)
      ? 'the judge refused to grade'
      : 'the judge answered badly: its answer is not a JSON object';
    return { ok: false, outcome: broken(why) };
  }
  const checked = schema.safeParse(verdict);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue && issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the verdict';
    return {
      ok: false,
      outcome: broken(`the judge answered badly: ${field} ${issue?.message ?? 'is invalid'}`),
    };
  }
  return { ok: true, value: checked.data };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
