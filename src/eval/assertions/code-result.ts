import { z } from 'zod';
import type { SandboxResult } from '../code/sandbox-job.ts';
import { type AssertionOutcome, broken, undecided, verdict } from './assertion-handler.ts';

/** Why a python check is undecided in a suite that does not allow code. */
export const PYTHON_NOT_ALLOWED =
  'this check runs Python, and this run allows no code (the suite sets "allowCode: false", or plume eval ran with --no-code)';

/**
 * A check whose code gave no value: failed when the code raised an error (as a test whose code
 * throws fails, and as promptfoo fails it; negated too), undecided when it could not run, ran past its time or
 * memory, or left a promise unsettled.
 */
export function codeFailure(
  label: 'javascript' | 'python',
  result: Extract<SandboxResult, { ok: false }>,
): AssertionOutcome {
  const reason = `the ${label} check ${result.reason}`;
  return result.threw === true ? broken(reason) : undecided(reason);
}

const returnedSchema = z.object({
  pass: z.boolean(),
  score: z.number().optional(),
  reason: z.string().optional(),
});

/** A check's returned value as an outcome: a boolean, a score, or `{ pass, score?, reason? }`. */
export function interpret(
  returned: unknown,
  threshold: number | undefined,
  label = 'javascript',
): AssertionOutcome {
  if (typeof returned === 'boolean') return verdict(returned, `The ${label} check returned ${returned}`);
  if (typeof returned === 'number' && Number.isFinite(returned)) {
    const pass = threshold === undefined ? returned > 0 : returned >= threshold;
    const mark = threshold === undefined ? '0' : String(threshold);
    return { pass, score: returned, reason: `The ${label} check scored ${returned} (pass mark ${mark})` };
  }
  const object = returnedSchema.safeParse(returned);
  if (object.success) {
    const { pass, score, reason } = object.data;
    return {
      pass,
      score: score ?? (pass ? 1 : 0),
      reason: reason ?? `The ${label} check returned pass: ${pass}`,
    };
  }
  return undecided(`the ${label} check returned neither a boolean, a number nor { pass, score, reason }`);
}
