import type { Interval } from './interval.ts';

/**
 * What a comparison decided. `significant`: its (corrected) p-value is at most α and its decision
 * interval excludes 0. `not-significant`: neither. `borderline`: the two disagree, which happens
 * only near the threshold, because the p-value and the interval come from different methods
 * (McNemar's mid-p and Newcombe's interval; sign flips and a bootstrap). A borderline comparison
 * has no winner: a winner is declared only when both the test and the interval support it.
 */
export type Decision = 'significant' | 'not-significant' | 'borderline';

/** The decision from a comparison's corrected p-value and its decision interval (see {@link Decision}). */
export function decide(adjustedPValue: number, alpha: number, interval: Interval): Decision {
  const testRejects = adjustedPValue <= alpha;
  const intervalExcludesZero = excludesZero(interval);
  if (testRejects && intervalExcludesZero) return 'significant';
  if (!testRejects && !intervalExcludesZero) return 'not-significant';
  return 'borderline';
}

/** Whether both ends of the interval lie on the same side of 0 (false for an undefined interval). */
export function excludesZero(interval: Interval): boolean {
  return interval.lower > 0 || interval.upper < 0;
}
