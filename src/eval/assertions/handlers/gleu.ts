import { referenceOverlap } from '../reference-overlap.ts';
import { gleuScore } from '../text/gleu-score.ts';

/** Sentence GLEU (up to `config.maxN`-grams, default 4) against the value(s) or expected answer ≥ threshold (0.5). */
export const gleu = referenceOverlap({
  label: 'GLEU',
  option: 'maxN',
  defaultN: 4,
  defaultThreshold: 0.5,
  valueDescription: 'a reference text or a list of them',
  score: gleuScore,
});
