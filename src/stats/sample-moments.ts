/** Mean and central moments of a sample, in one pass over a typed array after the mean. */
export interface SampleMoments {
  size: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  sumOfSquares: number;
  /** Sum of cubed deviations from the mean (for the BCa acceleration). */
  sumOfCubes: number;
  /** Sample standard deviation (divisor size − 1); 0 for fewer than two values. */
  standardDeviation: number;
  /** True when every value is the same (then the mean is that value exactly). */
  constant: boolean;
}

/** Moments of `values`; the mean is computed first so that deviations do not lose precision. */
export function sampleMoments(values: ArrayLike<number>): SampleMoments {
  const size = values.length;
  let sum = 0;
  let constant = true;
  for (let index = 0; index < size; index++) {
    sum += values[index]!;
    if (values[index] !== values[0]) constant = false;
  }
  // Summing identical values can drift by rounding; a constant sample's mean is its value.
  const mean = size === 0 ? Number.NaN : constant ? values[0]! : sum / size;
  let sumOfSquares = 0;
  let sumOfCubes = 0;
  for (let index = 0; index < size; index++) {
    const deviation = values[index]! - mean;
    sumOfSquares += deviation * deviation;
    sumOfCubes += deviation * deviation * deviation;
  }
  const standardDeviation = size > 1 ? Math.sqrt(sumOfSquares / (size - 1)) : 0;
  return { size, mean, sumOfSquares, sumOfCubes, standardDeviation, constant };
}
