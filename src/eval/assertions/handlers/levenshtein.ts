import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import {
  NO_REFERENCE,
  parseThreshold,
  parseValue,
  referenceSchema,
  referencesFor,
} from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { levenshteinDistance } from '../text/levenshtein-distance.ts';

const MAX_DISTANCE = z.number().int().nonnegative().default(5);

interface LevenshteinConfig {
  references: string[] | undefined;
  maxDistance: number;
}

/**
 * Edit distance to the value (or the expected answer) is at most `threshold` (default 5), as in
 * promptfoo. The score is the similarity 1 - distance / longer length.
 */
export const levenshtein: CellHandler<LevenshteinConfig> = {
  kind: 'cell',
  parse: (assertion: Assertion) => ({
    references: parseValue(assertion, referenceSchema, 'a reference text'),
    maxDistance: parseThreshold(assertion, MAX_DISTANCE, 'a maximum edit distance'),
  }),
  check(config: LevenshteinConfig, context: AssertionContext): AssertionOutcome {
    const references = referencesFor(config.references, context);
    if (!references) return undecided(NO_REFERENCE);
    let best = { distance: Number.POSITIVE_INFINITY, score: 0 };
    for (const reference of references) {
      const distance = levenshteinDistance(context.output, reference);
      const longer = Math.max(Array.from(context.output).length, Array.from(reference).length);
      if (distance < best.distance) best = { distance, score: longer === 0 ? 1 : 1 - distance / longer };
    }
    const pass = best.distance <= config.maxDistance;
    const relation = pass ? '≤' : '>';
    return {
      pass,
      score: best.score,
      reason: `Edit distance ${best.distance} ${relation} ${config.maxDistance}`,
    };
  },
};
