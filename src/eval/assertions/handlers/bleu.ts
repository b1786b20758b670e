import { referenceOverlap } from '../reference-overlap.ts';
import { bleuScore } from '../text/bleu-score.ts';

/** Sentence BLEU (up to `config.maxN`-grams, default 4) against the value(s) or expected answer ≥ threshold (0.5). */
export const bleu = referenceOverlap({
  label: 'BLEU',
  option: 'maxN',
  defaultN: 4,
  defaultThreshold: 0.5,
  valueDescription: 'a reference text or a list of them',
  score: bleuScore,
});
