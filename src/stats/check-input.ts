import { PlumeError } from '../util/errors.ts';

/** Throws a usage error when a statistics input is out of range; callers pass user-facing wording. */
export function checkInput(condition: boolean, message: string): asserts condition {
  if (!condition) throw new PlumeError({ code: 'USAGE', message });
}

/** Rejects confidence levels outside (0, 1), the most common mistake (95 instead of 0.95). */
export function checkConfidence(confidence: number): void {
  checkInput(
    Number.isFinite(confidence) && confidence > 0 && confidence < 1,
    `confidence must be between 0 and 1 (e.g. 0.95), got ${confidence}`,
  );
}
