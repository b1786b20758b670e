import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import {
  NO_REFERENCE,
  parseOption,
  parseValue,
  referenceSchema,
  referencesFor,
} from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { bleuScore } from '../text/bleu-score.ts';
import { wordTokens } from '../text/word-tokens.ts';

interface BleuConfig {
  references: string[] | undefined;
  maxN: number;
  threshold: number;
}

/** Sentence BLEU (up to `config.maxN`-grams, default 4) against the value(s) or expected answer ≥ threshold (0.5). */
export const bleu: CellHandler<BleuConfig> = {
  kind: 'cell',
  parse: (assertion: Assertion) => ({
    references: parseValue(assertion, referenceSchema, 'a reference text or a list of them'),
    maxN: parseOption(assertion, 'maxN', z.number().int().min(1).max(4).default(4)),
    threshold: assertion.threshold ?? 0.5,
  }),
  check(config: BleuConfig, context: AssertionContext): AssertionOutcome {
    const references = referencesFor(config.references, context);
    if (!references) return undecided(NO_REFERENCE);
    const score = bleuScore(wordTokens(context.output), references.map(wordTokens), config.maxN);
    const pass = score >= config.threshold;
    const relation = pass ? '≥' : '<';
    return { pass, score, reason: `BLEU-${config.maxN} ${score.toFixed(3)} ${relation} ${config.threshold}` };
  },
};
