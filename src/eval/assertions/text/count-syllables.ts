/**
 * Estimated syllables of an English word: vowel groups, less a silent final "e", at least one.
 * A heuristic, as every Flesch implementation uses; exact counts need a pronouncing dictionary.
 */
export function countSyllables(word: string): number {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  // Numbers and symbols count as one spoken unit.
  if (letters.length === 0) return word.length > 0 ? 1 : 0;
  if (letters.length <= 3) return 1;
  const trimmed = letters.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 0);
}
