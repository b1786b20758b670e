function sameLength(a: Float32Array, b: Float32Array, what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: vectors differ in length (${a.length} and ${b.length})`);
  }
}

/** Sum of the products of two vectors' components (the cosine for unit vectors). */
export function dotProduct(a: Float32Array, b: Float32Array): number {
  sameLength(a, b, 'dotProduct');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Straight-line distance between two vectors: 0 for equal ones. */
export function euclideanDistance(a: Float32Array, b: Float32Array): number {
  sameLength(a, b, 'euclideanDistance');
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}
