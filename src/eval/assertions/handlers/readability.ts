import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { fleschScores } from '../text/flesch-scores.ts';

const boundsSchema = z
  .object({ minReadingEase: z.number().optional(), maxGradeLevel: z.number().optional() })
  .strict()
  .refine((bounds) => bounds.minReadingEase !== undefined || bounds.maxGradeLevel !== undefined, {
    message: 'give minReadingEase, maxGradeLevel or both',
  });
type ReadabilityBounds = z.infer<typeof boundsSchema>;

/**
 * English readability: Flesch reading ease at least `minReadingEase` and Flesch-Kincaid grade at
 * most `maxGradeLevel`. The score is the reading ease / 100, clamped to 0..1.
 */
export const readability: CellHandler<ReadabilityBounds> = {
  kind: 'cell',
  parse: (assertion: Assertion) => parseValue(assertion, boundsSchema, '{ minReadingEase?, maxGradeLevel? }'),
  check(bounds: ReadabilityBounds, context: AssertionContext): AssertionOutcome {
    const scores = fleschScores(context.output);
    if (!scores) return undecided('Output has no words to measure');
    const easeOk = bounds.minReadingEase === undefined || scores.readingEase >= bounds.minReadingEase;
    const gradeOk = bounds.maxGradeLevel === undefined || scores.gradeLevel <= bounds.maxGradeLevel;
    const reason = `Reading ease ${scores.readingEase.toFixed(1)}, grade level ${scores.gradeLevel.toFixed(1)}`;
    return { pass: easeOk && gradeOk, score: scores.readingEase / 100, reason };
  },
};
