import { clippedOverlap, ngramCounts, totalCount } from './ngram-counts.ts';

/**
 * Sentence GLEU (Google-BLEU, Wu et al. 2016): over all 1..maxN-grams, the smaller of precision
 * (matches / output n-grams) and recall (matches / reference n-grams); the best over references.
 * 0 when either side has no n-gram.
 */
export function gleuScore(
  output: readonly string[],
  references: readonly (readonly string[])[],
  maxN: number,
): number {
  let best = 0;
  for (const reference of references) {
    let matches = 0;
    let outputTotal = 0;
    let referenceTotal = 0;
    for (let n = 1; n <= maxN; n++) {
      const outputCounts = ngramCounts(output, n);
      const referenceCounts = ngramCounts(reference, n);
      matches += clippedOverlap(outputCounts, referenceCounts);
      outputTotal += totalCount(outputCounts);
      referenceTotal += totalCount(referenceCounts);
    }
    if (outputTotal > 0 && referenceTotal > 0)
      best = Math.max(best, Math.min(matches / outputTotal, matches / referenceTotal));
  }
  return best;
}
