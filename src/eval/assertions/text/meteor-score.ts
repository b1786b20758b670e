import { porterStem } from './porter-stem.ts';

/** METEOR's weights: alpha balances precision and recall, beta and gamma shape the fragmentation penalty. */
export interface MeteorWeights {
  alpha: number;
  beta: number;
  gamma: number;
}

/** A word's synonyms (lower case, single words kept); a WordNet lookup in plume. */
export type SynonymsOf = (word: string) => Promise<readonly string[]>;

type Indexed = [index: number, word: string];
type Match = [outputIndex: number, referenceIndex: number];

/**
 * METEOR (Banerjee & Lavie 2005), as NLTK computes it: words aligned in three stages — exact,
 * then Porter stems, then WordNet synonyms — each word at most once; F-mean of precision and
 * recall weighted by alpha, times 1 - gamma·(chunks/matches)^beta. The best over references.
 */
export async function meteorScore(
  output: readonly string[],
  references: readonly (readonly string[])[],
  weights: MeteorWeights,
  synonymsOf: SynonymsOf,
): Promise<number> {
  let best = 0;
  for (const reference of references)
    best = Math.max(best, await againstOne(output, reference, weights, synonymsOf));
  return best;
}

async function againstOne(
  output: readonly string[],
  reference: readonly string[],
  { alpha, beta, gamma }: MeteorWeights,
  synonymsOf: SynonymsOf,
): Promise<number> {
  if (output.length === 0 || reference.length === 0) return 0;
  let candidates: Indexed[] = output.map((word, index) => [index, word]);
  let targets: Indexed[] = reference.map((word, index) => [index, word]);
  const matches: Match[] = [];
  const stage = (same: (a: string, b: string) => boolean) => {
    [candidates, targets] = align(candidates, targets, same, matches);
  };
  stage((a, b) => a === b);
  stage((a, b) => porterStem(a) === porterStem(b));
  const synonyms = new Map<string, ReadonlySet<string>>();
  for (const [, word] of candidates)
    if (!synonyms.has(word)) synonyms.set(word, new Set(await synonymsOf(word)));
  stage((a, b) => synonyms.get(a)?.has(b) ?? false);
  if (matches.length === 0) return 0;
  const precision = matches.length / output.length;
  const recall = matches.length / reference.length;
  const fmean = (precision * recall) / (alpha * precision + (1 - alpha) * recall);
  matches.sort((a, b) => a[0] - b[0]);
  let chunks = 1;
  for (let i = 1; i < matches.length; i++) {
    if (matches[i]![0] !== matches[i - 1]![0] + 1 || matches[i]![1] !== matches[i - 1]![1] + 1) chunks++;
  }
  return fmean * (1 - gamma * (chunks / matches.length) ** beta);
}

/** Pair words from the end, as NLTK does; returns the words left on each side. */
function align(
  candidates: Indexed[],
  targets: Indexed[],
  same: (a: string, b: string) => boolean,
  matches: Match[],
): [Indexed[], Indexed[]] {
  const left = [...candidates];
  const open = [...targets];
  for (let i = left.length - 1; i >= 0; i--) {
    const j = open.findLastIndex(([, word]) => same(left[i]![1], word));
    if (j === -1) continue;
    matches.push([left[i]![0], open[j]![0]]);
    left.splice(i, 1);
    open.splice(j, 1);
  }
  return [left, open];
}
