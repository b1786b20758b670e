import { ngramCounts, totalCount } from './ngram-counts.ts';

/**
 * Sentence BLEU (Papineni et al., 2002) with uniform weights up to `maxN`: the geometric mean of
 * modified n-gram precisions (each candidate n-gram counted at most as often as in the reference
 * that has it most), times the brevity penalty exp(1 - r/c) when the candidate is shorter than
 * the closest reference length r. Unsmoothed: any zero precision gives 0.
 */
export function bleuScore(
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  maxN = 4,
): number {
  if (candidate.length === 0 || references.length === 0) return 0;
  let logSum = 0;
  for (let n = 1; n <= maxN; n++) {
    const candidateGrams = ngramCounts(candidate, n);
    const total = totalCount(candidateGrams);
    if (total === 0) return 0;
    const maxReferenceCounts = new Map<string, number>();
    for (const reference of references) {
      for (const [gram, count] of ngramCounts(reference, n)) {
        maxReferenceCounts.set(gram, Math.max(count, maxReferenceCounts.get(gram) ?? 0));
      }
    }
    let clipped = 0;
    for (const [gram, count] of candidateGrams) clipped += Math.min(count, maxReferenceCounts.get(gram) ?? 0);
    if (clipped === 0) return 0;
    logSum += Math.log(clipped / total) / maxN;
  }
  return brevityPenalty(candidate.length, references) * Math.exp(logSum);
}

function brevityPenalty(candidateLength: number, references: readonly (readonly string[])[]): number {
  // Closest reference length; on a tie the shorter one, as in the original BLEU script.
  let closest = references[0]!.length;
  for (const reference of references) {
    const distance = Math.abs(reference.length - candidateLength);
    const best = Math.abs(closest - candidateLength);
    if (distance < best || (distance === best && reference.length < closest)) closest = reference.length;
  }
  return candidateLength >= closest ? 1 : Math.exp(1 - closest / candidateLength);
}
