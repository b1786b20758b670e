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
import { rougeNScore } from '../text/rouge-n-score.ts';
import { wordTokens } from '../text/word-tokens.ts';

interface RougeConfig {
  references: string[] | undefined;
  n: number;
  threshold: number;
}

/** ROUGE-N recall of the output against the value or expected answer (`config.n`, default 1) ≥ threshold (0.75). */
export const rougeN: CellHandler<RougeConfig> = {
  kind: 'cell',
  parse: (assertion: Assertion) => ({
    references: parseValue(assertion, referenceSchema, 'a reference text'),
    n: parseOption(assertion, 'n', z.number().int().min(1).max(4).default(1)),
    threshold: assertion.threshold ?? 0.75,
  }),
  check(config: RougeConfig, context: AssertionContext): AssertionOutcome {
    const references = referencesFor(config.references, context);
    if (!references) return undecided(NO_REFERENCE);
    const score = rougeNScore(wordTokens(context.output), references.map(wordTokens), config.n);
    const pass = score >= config.threshold;
    const relation = pass ? '≥' : '<';
    return { pass, score, reason: `ROUGE-${config.n} ${score.toFixed(3)} ${relation} ${config.threshold}` };
  },
};
