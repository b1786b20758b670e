import { bootstrapMeans, sortedQuantile } from './bootstrap-means.ts';
import { checkConfidence, checkInput } from './check-input.ts';
import { normalCdf, normalQuantile, tQuantile } from './distributions.ts';
import type { Interval } from './interval.ts';
import { RandomSource } from './random-source.ts';
import { type SampleMoments, sampleMoments } from './sample-moments.ts';

/** Settings shared by every resampling function. */
export interface ResamplingOptions {
  /** Two-sided confidence level; default 0.95. */
  confidence?: number;
  /** Number of bootstrap resamples or random sign flips; default 2,000. */
  resamples?: number;
  /** Seed of the random stream; the same seed gives the same result. Default 0. */
  seed?: number;
  /**
   * Above this many values the mean's sampling distribution is normal to well within the
   * bootstrap's own Monte Carlo error, so the closed-form large-sample method is used instead
   * (reported in `method`). Default 5,000.
   */
  largeSampleThreshold?: number;
}

/** Options of {@link bootstrapMeanInterval}. */
export interface BootstrapOptions extends ResamplingOptions {
  /**
   * 'percentile' (default; Hesterberg's expanded percentile) or 'bca' (bias-corrected and
   * accelerated, Efron 1987). Simulations here found BCa under-covering below ~60 values.
   */
  method?: 'bca' | 'percentile';
}

/** A bootstrap interval, with the method that actually produced it. */
export interface BootstrapInterval extends Interval {
  method: 'bca' | 'percentile' | 'student-t';
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_LARGE_SAMPLE_THRESHOLD = 5000;

/** Seeded bootstrap interval for a mean (expanded percentile by default). NaN for no values. */
export function bootstrapMeanInterval(
  values: ArrayLike<number>,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const confidence = options.confidence ?? 0.95;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const method = options.method ?? 'percentile';
  checkConfidence(confidence);
  checkInput(Number.isInteger(resamples) && resamples >= 100, 'resamples must be an integer of at least 100');
  const moments = sampleMoments(values);
  const estimate = moments.mean;
  if (moments.size === 0) return { estimate, lower: Number.NaN, upper: Number.NaN, confidence, method };
  // No spread: every resample has the same mean, and BCa's acceleration would divide by zero.
  if (moments.constant) return { estimate, lower: estimate, upper: estimate, confidence, method };
  if (moments.size > (options.largeSampleThreshold ?? DEFAULT_LARGE_SAMPLE_THRESHOLD)) {
    return studentInterval(moments, confidence);
  }
  const means = bootstrapMeans(Float64Array.from(values), resamples, new RandomSource(options.seed ?? 0));
  const tail = expandedTail(confidence, moments.size);
  if (method === 'percentile') {
    const lower = sortedQuantile(means, tail);
    const upper = sortedQuantile(means, 1 - tail);
    return { estimate, lower, upper, confidence, method };
  }
  const [lowerProbability, upperProbability] = bcaProbabilities(means, moments, tail);
  return {
    estimate,
    lower: sortedQuantile(means, lowerProbability),
    upper: sortedQuantile(means, upperProbability),
    confidence,
    method,
  };
}

/**
 * Bootstrap intervals of a mean are too narrow in small samples: they use the plug-in spread
 * (divisor n) and normal tails. Hesterberg's (2015) expansion widens the nominal tail to
 * Φ(−√(n/(n−1))·t_{n−1}), which restores coverage at 20–60 tests and vanishes for large n.
 */
function expandedTail(confidence: number, size: number): number {
  const z = Math.sqrt(size / (size - 1)) * tQuantile(1 - (1 - confidence) / 2, size - 1);
  return normalCdf(-z, 0, 1);
}

/** BCa's adjusted tail probabilities (Efron & Tibshirani 1993, §14.3), jackknife acceleration in closed form for a mean. */
function bcaProbabilities(means: Float64Array, moments: SampleMoments, tail: number): [number, number] {
  const resamples = means.length;
  const tolerance = 1e-12 * (Math.abs(moments.mean) + Math.sqrt(moments.sumOfSquares));
  let below = 0;
  let tied = 0;
  for (let index = 0; index < resamples; index++) {
    const value = means[index]!;
    if (value < moments.mean - tolerance) below++;
    else if (value <= moments.mean + tolerance) tied++;
  }
  // Ties count half: with pass/fail data many resamples equal the estimate exactly.
  const share = Math.min(Math.max((below + tied / 2) / resamples, 0.5 / resamples), 1 - 0.5 / resamples);
  const bias = normalQuantile(share, 0, 1);
  // For the mean, leave-one-out deviations are (x_i − mean)/(n − 1), so a = Σd³ / (6 (Σd²)^1.5).
  const acceleration = moments.sumOfCubes / (6 * moments.sumOfSquares ** 1.5);
  const adjust = (z: number): number => normalCdf(bias + (bias + z) / (1 - acceleration * (bias + z)), 0, 1);
  return [adjust(normalQuantile(tail, 0, 1)), adjust(normalQuantile(1 - tail, 0, 1))];
}

/** Mean ± t·s/√n: what every bootstrap method converges to for large samples. */
function studentInterval(moments: SampleMoments, confidence: number): BootstrapInterval {
  const halfWidth =
    (tQuantile(1 - (1 - confidence) / 2, moments.size - 1) * moments.standardDeviation) /
    Math.sqrt(moments.size);
  return {
    estimate: moments.mean,
    lower: moments.mean - halfWidth,
    upper: moments.mean + halfWidth,
    confidence,
    method: 'student-t',
  };
}
