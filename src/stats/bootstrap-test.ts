import type { ResamplingOptions } from './bootstrap-mean-interval.ts';
import { bootstrapMeans } from './bootstrap-means.ts';
import { RandomSource } from './random-source.ts';
import { sampleMoments } from './sample-moments.ts';

/**
 * Two-sided bootstrap test that differences have mean zero: resample the differences after
 * shifting them to mean zero, so the null holds, and count resampled means at least as far
 * from zero as the observed one (Efron & Tibshirani 1993, §16.4). Slightly liberal at small
 * samples; the sign-flip test is the default for that reason.
 */
export function bootstrapTest(differences: Float64Array, options: ResamplingOptions = {}): number {
  const moments = sampleMoments(differences);
  const resamples = options.resamples ?? 2000;
  if (moments.size === 0 || moments.mean === 0) return 1;
  // Identical non-zero differences: every resample reproduces them, the smallest p it can state.
  if (moments.constant) return 1 / (1 + resamples);
  const centred = new Float64Array(differences.length);
  for (let index = 0; index < differences.length; index++)
    centred[index] = differences[index]! - moments.mean;
  const means = bootstrapMeans(centred, resamples, new RandomSource(options.seed ?? 0));
  const threshold = Math.abs(moments.mean) * (1 - 1e-12);
  let extreme = 0;
  for (let index = 0; index < resamples; index++) if (Math.abs(means[index]!) >= threshold) extreme++;
  return (1 + extreme) / (1 + resamples);
}
