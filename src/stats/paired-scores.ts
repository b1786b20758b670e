import type { BootstrapInterval, ResamplingOptions } from './bootstrap-mean-interval.ts';
import { bootstrapMeanInterval } from './bootstrap-mean-interval.ts';
import { bootstrapTest } from './bootstrap-test.ts';
import { checkInput } from './check-input.ts';
import { RandomSource } from './random-source.ts';
import { sampleMoments } from './sample-moments.ts';
import { type SignFlipOptions, signFlipTest } from './sign-flip-test.ts';

/** Options of {@link pairedScores}. */
export interface PairedScoresOptions extends ResamplingOptions {
  /** How the p-value is computed: 'permutation' (default, sign flips) or 'bootstrap' (null-centred). */
  method?: 'permutation' | 'bootstrap';
  /** Sign-flip variant: 'mid-p' (default) or 'exact' (conservative with tied sums). */
  variant?: 'mid-p' | 'exact';
}

/** Paired comparison of two numeric columns (scores, or per-test pass rates with repeats). */
export interface PairedScoresResult {
  tests: number;
  meanA: number;
  meanB: number;
  /** Mean of B − A over tests, with a paired bootstrap interval (resampling tests). */
  meanDifference: BootstrapInterval;
  pValue: number;
  method: 'sign-flip-exact' | 'sign-flip-monte-carlo' | 'sign-flip-normal' | 'bootstrap';
  /** Standard deviation of the per-test differences: drives the sample size needed. */
  differenceStandardDeviation: number;
  /** Cohen's d_z: mean difference over its standard deviation (0 when both are 0). */
  effectSize: number;
}

/**
 * Paired test and interval for per-test values of A and B aligned by test. The p-value and the
 * interval use independent random streams derived from `seed`, so either can change without
 * moving the other.
 */
export function pairedScores(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: PairedScoresOptions = {},
): PairedScoresResult {
  checkInput(a.length === b.length, `paired values need the same tests: ${a.length} against ${b.length}`);
  const differences = pairedDifferences(a, b);
  const { method, variant, seed = 0, ...resampling } = options;
  const meanDifference = differenceInterval(differences, resampling, seed);
  const testOptions = { ...resampling, seed: RandomSource.derive(seed, 1) };
  const test =
    method === 'bootstrap'
      ? { pValue: bootstrapTest(differences, testOptions), method: 'bootstrap' as const }
      : signFlipPValue(differences, { ...testOptions, variant });
  const moments = sampleMoments(differences);
  return {
    tests: a.length,
    meanA: sampleMoments(a).mean,
    meanB: sampleMoments(b).mean,
    meanDifference,
    pValue: test.pValue,
    method: test.method,
    differenceStandardDeviation: moments.standardDeviation,
    effectSize: moments.standardDeviation > 0 ? moments.mean / moments.standardDeviation : 0,
  };
}

/**
 * The paired bootstrap interval of B − A alone, at `options.confidence`: the one
 * {@link pairedScores} gives at the same options (same resamples, same seed), so an interval at
 * another level is drawn from the very same bootstrap distribution.
 */
export function pairedDifferenceInterval(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: PairedScoresOptions = {},
): BootstrapInterval {
  checkInput(a.length === b.length, `paired values need the same tests: ${a.length} against ${b.length}`);
  const { method: _method, variant: _variant, seed = 0, ...resampling } = options;
  return differenceInterval(pairedDifferences(a, b), resampling, seed);
}

function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const differences = new Float64Array(a.length);
  for (let test = 0; test < a.length; test++) differences[test] = b[test]! - a[test]!;
  return differences;
}

function differenceInterval(
  differences: Float64Array,
  resampling: ResamplingOptions,
  seed: number,
): BootstrapInterval {
  return bootstrapMeanInterval(differences, { ...resampling, seed: RandomSource.derive(seed, 0) });
}

function signFlipPValue(
  differences: Float64Array,
  options: SignFlipOptions,
): Pick<PairedScoresResult, 'pValue' | 'method'> {
  const result = signFlipTest(differences, options);
  return { pValue: result.pValue, method: `sign-flip-${result.method}` };
}
