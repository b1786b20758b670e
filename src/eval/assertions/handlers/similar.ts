import { cosineSimilarity } from '../../../models/embedding/cosine-similarity.ts';
import type { Assertion } from '../../../spec/assertion.ts';
import { NO_REFERENCE, parseValue, referenceSchema, referencesFor } from '../assertion-config.ts';
import type { AssertionContext, EmbedFunction } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { NO_EMBEDDING_MODEL } from '../undecided-advice.ts';

interface SimilarConfig {
  references: string[] | undefined;
  threshold: number;
  provider: string | undefined;
  /** Vectors of a fixed reference, computed once per embedding function. */
  referenceVectors: WeakMap<EmbedFunction, Promise<Float32Array[]>>;
}

/**
 * Cosine similarity of the output's embedding to the value's (best of several, or the expected
 * answer) is at least `threshold` (default 0.75). The embedding model is `provider`, else the default.
 */
export const similar: CellHandler<SimilarConfig> = {
  kind: 'cell',
  needsModel: 'embedding',
  parse: (assertion: Assertion) => ({
    references: parseValue(assertion, referenceSchema, 'a reference text or a list of them'),
    threshold: assertion.threshold ?? 0.75,
    provider: assertion.provider,
    referenceVectors: new WeakMap(),
  }),
  async check(config: SimilarConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const { embed } = context;
    if (!embed) return undecided(NO_EMBEDDING_MODEL);
    const references = referencesFor(config.references, context);
    if (!references) return undecided(NO_REFERENCE);
    let outputVector: Float32Array | undefined;
    let referenceVectors: Float32Array[];
    try {
      if (config.references) {
        [[outputVector], referenceVectors] = await Promise.all([
          embed([context.output], config.provider),
          cachedReferenceVectors(config, embed, config.references),
        ]);
      } else {
        [outputVector, ...referenceVectors] = await embed([context.output, ...references], config.provider);
      }
    } catch (error) {
      return undecided(
        `the embedding call failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!outputVector || referenceVectors.length !== references.length) {
      return undecided('the embedding model returned the wrong number of vectors');
    }
    const best = Math.max(...referenceVectors.map((vector) => cosineSimilarity(outputVector, vector)));
    const pass = best >= config.threshold;
    return {
      pass,
      score: Math.max(0, best),
      reason: `Cosine similarity ${best.toFixed(3)} ${pass ? '≥' : '<'} ${config.threshold}`,
    };
  },
};

function cachedReferenceVectors(
  config: SimilarConfig,
  embed: EmbedFunction,
  references: string[],
): Promise<Float32Array[]> {
  let vectors = config.referenceVectors.get(embed);
  if (!vectors) {
    vectors = embed(references, config.provider);
    // A failed call is not cached, so the next cell tries again.
    vectors.catch(() => config.referenceVectors.delete(embed));
    config.referenceVectors.set(embed, vectors);
  }
  return vectors;
}
