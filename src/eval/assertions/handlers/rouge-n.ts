import { referenceOverlap } from '../reference-overlap.ts';
import { rougeNScore } from '../text/rouge-n-score.ts';

/** ROUGE-N recall of the output against the value or expected answer (`config.n`, default 1) ≥ threshold (0.75). */
export const rougeN = referenceOverlap({
  label: 'ROUGE',
  option: 'n',
  defaultN: 1,
  defaultThreshold: 0.75,
  valueDescription: 'a reference text',
  score: rougeNScore,
});
