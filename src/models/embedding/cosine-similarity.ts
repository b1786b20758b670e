/** Cosine of the angle between two vectors: 1 same direction, 0 unrelated (or a zero vector), -1 opposite. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`cosineSimilarity: vectors differ in length (${a.length} and ${b.length})`);
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  // A zero vector (a text with no known token) is similar to nothing, not NaN.
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}
