import { checkInput } from './check-input.ts';
import { type ComparePairOptions, comparePair, type PairResult } from './compare-pair.ts';
import { formatVerdict } from './format-verdict.ts';
import { holm } from './holm.ts';
import type { PerTestOutcomes } from './interval.ts';
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
  /** Number of comparisons Holm's correction was taken over. */
  comparisons: number;
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
  const alpha = options.alpha ?? 1 - (options.confidence ?? 0.95);
  checkInput(alpha > 0 && alpha < 1, `alpha must lie between 0 and 1, got ${alpha}`);
  const pairs: { a: Column; b: Column; result: PairResult }[] = [];
  for (let first = 0; first < columns.length; first++) {
    for (let second = first + 1; second < columns.length; second++) {
      const a = columns[first]!;
      const b = columns[second]!;
      const seed = RandomSource.derive(options.seed ?? 0, first * columns.length + second);
      pairs.push({ a, b, result: comparePair(a.perTest, b.perTest, { ...options, seed }) });
    }
  }
  const adjusted = holm(pairs.map((pair) => pair.result.pValue));
  return pairs.map(({ a, b, result }, index) => {
    const adjustedPValue = adjusted[index]!;
    const significant = adjustedPValue <= alpha;
    const winner = significant ? (result.difference.estimate > 0 ? b.name : a.name) : undefined;
    const sampleSize = significant ? undefined : adviseSampleSize(result, alpha / pairs.length, options);
    const comparison = {
      ...result,
      a: a.name,
      b: b.name,
      adjustedPValue,
      comparisons: pairs.length,
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
