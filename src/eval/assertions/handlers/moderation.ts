import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { NO_MODERATION } from '../undecided-advice.ts';

const categoriesSchema = z
  .union([
    z
      .string()
      .min(1)
      .transform((category) => [category]),
    z.array(z.string().min(1)).min(1),
  ])
  .optional();

interface ModerationConfig {
  /** Categories that count (`value`); undefined: every category. */
  categories: string[] | undefined;
  provider: string | undefined;
}

/**
 * The output is not flagged by a moderation model (OpenAI's /v1/moderations through a configured
 * OpenAI-type provider): in any category, or in those `value` lists. Undecided without one.
 */
export const moderation: CellHandler<ModerationConfig> = {
  kind: 'cell',
  needsModel: 'moderation',
  parse: (assertion: Assertion) => ({
    categories: parseValue(assertion, categoriesSchema, 'a category or a list of categories'),
    provider: assertion.provider,
  }),
  async check(config: ModerationConfig, context: AssertionContext): Promise<AssertionOutcome> {
    if (!context.moderate) return undecided(NO_MODERATION);
    let flagged: string[] | undefined;
    try {
      flagged = await context.moderate(context.output, config.provider);
    } catch (error) {
      return undecided(
        `the moderation call failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (flagged === undefined) return undecided(NO_MODERATION);
    const counted =
      config.categories === undefined
        ? flagged
        : flagged.filter((category) => config.categories!.includes(category));
    if (counted.length === 0) return { pass: true, score: 1, reason: 'No moderation category flagged' };
    return { pass: false, score: 0, reason: `Flagged by moderation: ${counted.join(', ')}` };
  },
};
