import type { RandomSource } from './random-source.ts';

/**
 * The bootstrap distribution of the mean: `resamples` means of `values` resampled with
 * replacement, sorted ascending. One typed array, no allocation inside the loops.
 */
export function bootstrapMeans(values: Float64Array, resamples: number, random: RandomSource): Float64Array {
  const size = values.length;
  const means = new Float64Array(resamples);
  const indices = new Uint32Array(size);
  for (let resample = 0; resample < resamples; resample++) {
    random.fillIndices(indices, size);
    let sum = 0;
    for (let draw = 0; draw < size; draw++) sum += values[indices[draw]!]!;
    means[resample] = sum / size;
  }
  return means.sort();
}

/** Linear interpolation between order statistics of a sorted sample, at probability `probability`. */
export function sortedQuantile(sorted: Float64Array, probability: number): number {
  const position = Math.min(Math.max(probability, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return sorted[below]! * (1 - weight) + sorted[above]! * weight;
}
