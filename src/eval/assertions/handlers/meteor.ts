import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { synonyms } from '../../../util/wordnet.ts';
import {
  NO_REFERENCE,
  parseOption,
  parseValue,
  referenceSchema,
  referencesFor,
} from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { baseForms } from '../text/base-forms.ts';
import { type MeteorWeights, meteorScore } from '../text/meteor-score.ts';
import { wordTokens } from '../text/word-tokens.ts';

interface MeteorConfig {
  references: string[] | undefined;
  weights: MeteorWeights;
  threshold: number;
}

const unitSchema = (fallback: number) => z.number().min(0).max(1).default(fallback);
const betaSchema = z.number().min(0).max(10).default(3);
/** WordNet synonyms of a word and of its base forms, single words only (as NLTK's METEOR). */
async function singleWordSynonyms(word: string): Promise<string[]> {
  const found = await Promise.all(baseForms(word).map((form) => synonyms(form)));
  return found.flat().filter((synonym) => !synonym.includes(' '));
}

/**
 * METEOR against the value(s) or the expected answer ≥ threshold (0.5): exact, stem and WordNet
 * synonym matches. `config.alpha` (0.9), `config.beta` (3) and `config.gamma` (0.5) as in NLTK.
 */
export const meteor: CellHandler<MeteorConfig> = {
  kind: 'cell',
  parse: (assertion: Assertion) => ({
    references: parseValue(assertion, referenceSchema, 'a reference text or a list of them'),
    weights: {
      alpha: parseOption(assertion, 'alpha', unitSchema(0.9)),
      beta: parseOption(assertion, 'beta', betaSchema),
      gamma: parseOption(assertion, 'gamma', unitSchema(0.5)),
    },
    threshold: assertion.threshold ?? 0.5,
  }),
  async check(config: MeteorConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const references = referencesFor(config.references, context);
    if (!references) return undecided(NO_REFERENCE);
    const score = await meteorScore(
      wordTokens(context.output),
      references.map(wordTokens),
      config.weights,
      singleWordSynonyms,
    );
    const pass = score >= config.threshold;
    return { pass, score, reason: `METEOR ${score.toFixed(3)} ${pass ? '≥' : '<'} ${config.threshold}` };
  },
};
