/** How many times each run of `n` consecutive tokens occurs. */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // U+0001 cannot occur inside a word token, so joined n-grams never collide.
    const gram = tokens.slice(i, i + n).join('\u0001');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Sum over n-grams of min(count in a, count in b): the clipped overlap. */
export function clippedOverlap(candidate: Map<string, number>, reference: Map<string, number>): number {
  let overlap = 0;
  for (const [gram, count] of candidate) overlap += Math.min(count, reference.get(gram) ?? 0);
  return overlap;
}

/** Total number of n-grams counted. */
export function totalCount(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
