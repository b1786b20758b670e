import type { Comparison } from './compare-all.ts';
import type { PairedMethod } from './compare-pair.ts';
import type { Decision } from './decision.ts';
import type { Interval } from './interval.ts';
import type { ColumnSummary } from './summarize-column.ts';

/** One side's pass rate (or mean score) over the paired tests, with its interval and method. */
export type SideEstimate = ColumnSummary['estimate'];

/**
 * A comparison as every machine-readable surface gives it (`eval --json`, `runs show --json`,
 * `runs compare --json`, the HTTP API): the figures a reader needs to check the verdict, built
 * by {@link comparisonRecord} alone.
 */
export interface ComparisonRecord {
  a: string;
  b: string;
  kind: 'pass-fail' | 'score';
  /** Tests both sides have: the paired sample the comparison is made on. */
  n: number;
  /** Most repeats of any paired test. */
  repeats: number;
  /** Pass rates over the paired tests (pass/fail comparisons). */
  passRateA?: SideEstimate;
  passRateB?: SideEstimate;
  /** Mean scores over the paired tests (score comparisons). */
  meanScoreA?: SideEstimate;
  meanScoreB?: SideEstimate;
  /** B − A, a proportion for pass rates: unadjusted (95%), and at the corrected level (the decision's). */
  difference: { unadjusted: Interval; adjusted: Interval };
  /** The paired test's p-value, and Holm's adjusted one over `comparisons`. */
  pValue: number;
  adjustedPValue: number;
  comparisons: number;
  alpha: number;
  method: { test: PairedMethod; interval: Comparison['intervalMethod']; correction: 'holm' };
  /** Tests only A passed and only B passed (single runs). */
  discordant?: { aOnly: number; bOnly: number };
  effectSize: number;
  decision: Decision;
  significant: boolean;
  winner?: string;
  sampleSize?: Comparison['sampleSize'];
  verdict: string;
}

/** The one shape a comparison is written out in. */
export function comparisonRecord(comparison: Comparison): ComparisonRecord {
  const sides =
    comparison.kind === 'pass-fail'
      ? { passRateA: comparison.estimateA, passRateB: comparison.estimateB }
      : { meanScoreA: comparison.estimateA, meanScoreB: comparison.estimateB };
  return {
    a: comparison.a,
    b: comparison.b,
    kind: comparison.kind,
    n: comparison.tests,
    repeats: comparison.repeats,
    ...sides,
    difference: { unadjusted: comparison.difference, adjusted: comparison.adjustedDifference },
    pValue: comparison.pValue,
    adjustedPValue: comparison.adjustedPValue,
    comparisons: comparison.comparisons,
    alpha: comparison.alpha,
    method: { test: comparison.method, interval: comparison.intervalMethod, correction: 'holm' },
    ...(comparison.discordant === undefined ? {} : { discordant: comparison.discordant }),
    effectSize: comparison.effectSize,
    decision: comparison.decision,
    significant: comparison.significant,
    ...(comparison.winner === undefined ? {} : { winner: comparison.winner }),
    ...(comparison.sampleSize === undefined ? {} : { sampleSize: comparison.sampleSize }),
    verdict: comparison.verdict,
  };
}
