import { clippedOverlap, ngramCounts, totalCount } from './ngram-counts.ts';

/**
 * ROUGE-N recall (Lin, 2004): n-grams of the reference also found in the candidate (clipped
 * counts) over the reference's n-grams. With several references, the best one counts.
 */
export function rougeNScore(
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  n: number,
): number {
  const candidateGrams = ngramCounts(candidate, n);
  let best = 0;
  for (const reference of references) {
    const referenceGrams = ngramCounts(reference, n);
    const total = totalCount(referenceGrams);
    if (total > 0) best = Math.max(best, clippedOverlap(candidateGrams, referenceGrams) / total);
  }
  return best;
}
