import type { AssertionResult } from './assertion.ts';

/** What a list of checks says about a cell: a check that could not decide is neither pass nor fail. */
export type ChecksVerdict = 'pass' | 'fail' | 'undecided';

/** A list of checks combined (see checksVerdict). */
export interface CombinedChecks {
  verdict: ChecksVerdict;
  /**
   * Weighted mean score of the counted checks that decided; 1 when no check is counted, undefined
   * when every counted check is undecided.
   */
  score: number | undefined;
}

/**
 * The one rule that combines check results into a verdict. Only counted checks (weight > 0) take
 * part; a check with `error: true` is undecided (no judge, no embedding model, code not allowed, a
 * bad judge answer). Without a threshold: a decided counted check that fails decides a fail; else
 * any undecided counted check leaves the verdict undecided; else it passes. With a threshold on the
 * weighted mean score: a pass when the score would reach it even with every undecided check scoring
 * 0, a fail when it would not even with them scoring 1, undecided in between.
 */
export function checksVerdict(results: readonly AssertionResult[], threshold?: number): CombinedChecks {
  let decidedWeight = 0;
  let decidedSum = 0;
  let undecidedWeight = 0;
  let decidedFailure = false;
  for (const result of results) {
    if (!(result.weight > 0)) continue;
    if (result.error === true) {
      undecidedWeight += result.weight;
      continue;
    }
    decidedWeight += result.weight;
    decidedSum += result.score * result.weight;
    if (!result.pass) decidedFailure = true;
  }
  const weight = decidedWeight + undecidedWeight;
  // With nothing counted there is nothing to fail.
  const score = decidedWeight > 0 ? decidedSum / decidedWeight : undecidedWeight > 0 ? undefined : 1;
  if (threshold === undefined) {
    const verdict = decidedFailure ? 'fail' : undecidedWeight > 0 ? 'undecided' : 'pass';
    return { verdict, score };
  }
  if (weight === 0) return { verdict: 1 >= threshold ? 'pass' : 'fail', score };
  const lowest = decidedSum / weight;
  const highest = (decidedSum + undecidedWeight) / weight;
  const verdict = lowest >= threshold ? 'pass' : highest < threshold ? 'fail' : 'undecided';
  return { verdict, score };
}
