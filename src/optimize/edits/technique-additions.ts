import { TECHNIQUES } from '../../library/techniques/catalogue.ts';
import { phrasingLabel } from '../../library/techniques/phrasing.ts';
import type { TechniqueId } from '../../library/techniques/technique.ts';
import { quotePhrase } from './edit.ts';
import { shuffled } from './random-choice.ts';

/** One technique, in one of its phrasings, added to a body. */
export interface TechniqueAddition {
  technique: TechniqueId;
  /** 1-based, as `plume techniques show` numbers the phrasings. */
  phrasing: number;
  phrasings: number;
  /** "add: output-format, phrasing 2 of 5 ('Answer with only the final answer, and…')". */
  description: string;
  body: string;
}

/**
 * Every addition the catalogue offers for `body`: each technique it does not use yet, in each of
 * its phrasings, with the default options (few-shot, having no demonstrations, never applies).
 * Distinct bodies only, in catalogue then phrasing order.
 */
export function techniqueAdditions(body: string): TechniqueAddition[] {
  const additions: TechniqueAddition[] = [];
  const seen = new Set([body]);
  for (const technique of TECHNIQUES) {
    if (technique.id === 'few-shot' || technique.detect(body)) continue;
    const count = technique.phrasings.length;
    for (let phrasing = 1; phrasing <= count; phrasing++) {
      const applied = technique.apply(body, { phrasing });
      if (seen.has(applied)) continue;
      seen.add(applied);
      const text = technique.phrasings[phrasing - 1]!.render({});
      additions.push({
        technique: technique.id,
        phrasing,
        phrasings: count,
        description: `add: ${technique.id}, ${phrasingLabel(phrasing, count)} (${quotePhrase(text)})`,
        body: applied,
      });
    }
  }
  return additions;
}

/** Phrasings of every technique the edit search may add: the most additions a body can have. */
export const MOST_ADDITIONS = TECHNIQUES.filter((technique) => technique.id !== 'few-shot').reduce(
  (sum, technique) => sum + technique.phrasings.length,
  0,
);

/**
 * At most `limit` of `additions`, spread over the techniques: techniques in a random order, each
 * phrasing in a random order, taken round-robin (every technique's first pick before any second).
 */
export function spreadAdditions(
  additions: readonly TechniqueAddition[],
  limit: number,
  random: () => number,
): TechniqueAddition[] {
  if (additions.length <= limit) return [...additions];
  const byTechnique = new Map<TechniqueId, TechniqueAddition[]>();
  for (const addition of additions) {
    byTechnique.set(addition.technique, [...(byTechnique.get(addition.technique) ?? []), addition]);
  }
  const queues = shuffled([...byTechnique.values()], random).map((queue) => shuffled(queue, random));
  const picked: TechniqueAddition[] = [];
  for (let turn = 0; picked.length < limit; turn++) {
    const before = picked.length;
    for (const queue of queues) if (picked.length < limit && queue[turn]) picked.push(queue[turn]!);
    if (picked.length === before) break;
  }
  return picked;
}
