import { checkInput } from './check-input.ts';
import {
  type ComparePairOptions,
  comparePair,
  comparePairInterval,
  type PairResult,
} from './compare-pair.ts';
import { type Decision, decide } from './decision.ts';
import { formatVerdict } from './format-verdict.ts';
import { holm, holmLevels } from './holm.ts';
import type { Interval, PerTestOutcomes } from './interval.ts';
import { RandomSource } from './random-source.ts';
import { requiredSampleSize } from './required-sample-size.ts';

/** One side of the comparisons: a prompt or a model, with its outcomes aligned by test index (0/1 or scores). */
export interface Column {
  name: string;
  perTest: PerTestOutcomes;
}

/** Options of {@link compareAll}. */
export interface CompareAllOptions extends ComparePairOptions {
  /** Family-wise significance level after Holm's correction; default 1 − confidence (0.05). */
  alpha?: number;
  /** Power the sample-size advice plans for; default 0.8. */
  power?: number;
  /** Difference the sample-size advice plans to detect (a proportion for pass rates); default: the observed one. */
  detectableDifference?: number;
}

/** How many tests it would take to detect a difference, for a non-significant comparison. */
export interface SampleSizeAdvice {
  /** The difference planned for (absolute; a proportion for pass rates). */
  difference: number;
  power: number;
  /** Tests needed in all, at the strictest Holm level α/m. */
  tests: number;
  /** Tests to add to those already run (0 when there are enough). */
  moreTests: number;
}

/** A Holm-corrected paired comparison of two columns, with its verdict in words. */
export interface Comparison extends PairResult {
  a: string;
  b: string;
  /** Holm-adjusted p-value across all the comparisons of this call. */
  adjustedPValue: number;
  /**
   * B − A with its interval at the level Holm's procedure decided this comparison at (see
   * holmLevels): the decision interval. It equals `difference` for a single comparison.
   */
  adjustedDifference: Interval;
  /** Number of comparisons Holm's correction was taken over. */
  comparisons: number;
  /** The family-wise significance level. */
  alpha: number;
  /** Whether the corrected test and the decision interval agree on a difference (see Decision). */
  decision: Decision;
  /** decision === 'significant'. */
  significant: boolean;
  /** The better column when the difference is significant. */
  winner?: string;
  sampleSize?: SampleSizeAdvice;
  /** e.g. "B beats A: +7.2 pp [3.1, 11.4], p = 0.002, Holm-corrected over 3 comparisons". */
  verdict: string;
}

/**
 * Compares every pair of columns (prompts, or models) on the tests they share (B − A for each A listed before B),
 * corrects the p-values with Holm's method, and states each verdict in words. Each pair draws
 * from its own seeded random stream, so adding a column does not change the other pairs' numbers.
 */
export function compareAll(columns: readonly Column[], options: CompareAllOptions = {}): Comparison[] {
  const pairs: PairToDecide[] = [];
  for (let first = 0; first < columns.length; first++) {
    for (let second = first + 1; second < columns.length; second++) {
      const a = columns[first]!;
      const b = columns[second]!;
      const seed = RandomSource.derive(options.seed ?? 0, first * columns.length + second);
      pairs.push({ a, b, seed, result: comparePair(a.perTest, b.perTest, { ...options, seed }) });
    }
  }
  return decidePairs(pairs, options);
}

/** A pair compared by {@link comparePair} (with `seed`), before Holm's correction. */
export interface PairToDecide {
  a: Column;
  b: Column;
  seed: number;
  result: PairResult;
}

/**
 * Corrects the pairs' p-values with Holm's method and decides each pair: its decision interval
 * is taken at the level its Holm step decided it at, so that the interval and the corrected
 * p-value lead to the same decision whenever the interval inverts the test; where they still
 * disagree (different methods, near the threshold) the pair is borderline and has no winner.
 * A pair without a shared test counts as p = 1.
 */
export function decidePairs(pairs: readonly PairToDecide[], options: CompareAllOptions = {}): Comparison[] {
  // Rounded, so that the default is 0.05 itself rather than 1 − 0.95 = 0.050000000000000044.
  const alpha = options.alpha ?? Number((1 - (options.confidence ?? 0.95)).toPrecision(12));
  checkInput(alpha > 0 && alpha < 1, `alpha must lie between 0 and 1, got ${alpha}`);
  const pValues = pairs.map((pair) => (pair.result.tests === 0 ? 1 : pair.result.pValue));
  const adjusted = holm(pValues);
  const levels = holmLevels(pValues, alpha);
  return pairs.map(({ a, b, seed, result }, index) => {
    const adjustedPValue = adjusted[index]!;
    const level = levels[index]!;
    const adjustedDifference =
      Math.abs(1 - level - result.difference.confidence) < 1e-12
        ? result.difference
        : comparePairInterval(a.perTest, b.perTest, { ...options, seed, confidence: 1 - level }, result);
    const decision =
      result.tests === 0 ? 'not-significant' : decide(adjustedPValue, alpha, adjustedDifference);
    const significant = decision === 'significant';
    const winner = significant ? (adjustedDifference.estimate > 0 ? b.name : a.name) : undefined;
    const sampleSize = significant ? undefined : adviseSampleSize(result, alpha / pairs.length, options);
    const comparison = {
      ...result,
      a: a.name,
      b: b.name,
      adjustedPValue,
      adjustedDifference,
      comparisons: pairs.length,
      alpha,
      decision,
      significant,
      ...(winner === undefined ? {} : { winner }),
      ...(sampleSize === undefined ? {} : { sampleSize }),
    };
    return { ...comparison, verdict: formatVerdict(comparison) };
  });
}

function adviseSampleSize(
  result: PairResult,
  alpha: number,
  options: CompareAllOptions,
): SampleSizeAdvice | undefined {
  const difference = Math.abs(options.detectableDifference ?? result.difference.estimate);
  const power = options.power ?? 0.8;
  const tests = requiredSampleSize({ ...result.spread, difference }, { alpha, power });
  if (tests === undefined) return undefined;
  return { difference, power, tests, moreTests: Math.max(0, tests - result.tests) };
}
