import { cosineSimilarity } from '../../../models/embedding/cosine-similarity.ts';
import { dotProduct, euclideanDistance } from '../../../models/embedding/vector-metrics.ts';
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
  referenceVectors: WeakMap<EmbedFunction, Promise<Float32Array[] | undefined>>;
}

/** How `similar:<metric>` compares two vectors, as promptfoo: similarities must reach the threshold, a distance stay within it. */
export type SimilarityMetric = 'cosine' | 'dot' | 'euclidean';

const MEASURES: Record<
  SimilarityMetric,
  { name: string; measure: (a: Float32Array, b: Float32Array) => number; distance: boolean }
> = {
  cosine: { name: 'Cosine similarity', measure: cosineSimilarity, distance: false },
  dot: { name: 'Dot product', measure: dotProduct, distance: false },
  euclidean: { name: 'Euclidean distance', measure: euclideanDistance, distance: true },
};

/**
 * The output's embedding is close to the value's (the closest of several, or the expected answer):
 * a cosine or dot product of at least `threshold` (default 0.75), or a Euclidean distance of at most
 * it (scored 1 / (1 + distance)). The embedding model is `provider`, else the default.
 */
export function similarBy(metric: SimilarityMetric): CellHandler<SimilarConfig> {
  const { name, measure, distance } = MEASURES[metric];
  return {
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
        let output: Float32Array[] | undefined;
        let given: Float32Array[] | undefined;
        if (config.references) {
          [output, given] = await Promise.all([
            embed([context.output], config.provider),
            cachedReferenceVectors(config, embed, config.references),
          ]);
        } else {
          const all = await embed([context.output, ...references], config.provider);
          [output, given] = all === undefined ? [] : [all.slice(0, 1), all.slice(1)];
        }
        if (output === undefined || given === undefined) return undecided(NO_EMBEDDING_MODEL);
        [outputVector] = output;
        referenceVectors = given;
      } catch (error) {
        return undecided(
          `the embedding call failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!outputVector || referenceVectors.length !== references.length) {
        return undecided('the embedding model returned the wrong number of vectors');
      }
      const measures = referenceVectors.map((vector) => measure(outputVector, vector));
      const best = distance ? Math.min(...measures) : Math.max(...measures);
      const pass = distance
        ? best <= config.threshold + Number.EPSILON
        : best >= config.threshold - Number.EPSILON;
      const mark = distance ? (pass ? '≤' : '>') : pass ? '≥' : '<';
      return {
        pass,
        score: distance ? 1 / (1 + best) : Math.max(0, best),
        reason: `${name} ${best.toFixed(3)} ${mark} ${config.threshold}`,
      };
    },
  };
}

/** `similar` and `similar:cosine`: cosine similarity. */
export const similar = similarBy('cosine');
/** `similar:dot`: dot product (the cosine for normalized embeddings). */
export const similarDot = similarBy('dot');
/** `similar:euclidean`: Euclidean distance, at most `threshold`. */
export const similarEuclidean = similarBy('euclidean');

function cachedReferenceVectors(
  config: SimilarConfig,
  embed: EmbedFunction,
  references: string[],
): Promise<Float32Array[] | undefined> {
  let vectors = config.referenceVectors.get(embed);
  if (!vectors) {
    vectors = embed(references, config.provider);
    // A failed call is not cached, so the next cell tries again.
    vectors.catch(() => config.referenceVectors.delete(embed));
    config.referenceVectors.set(embed, vectors);
  }
  return vectors;
}
