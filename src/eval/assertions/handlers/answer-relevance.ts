import { z } from 'zod';
import { cosineSimilarity } from '../../../models/embedding/cosine-similarity.ts';
import { isEmbeddingRef } from '../../../models/embedding/embedding-ref.ts';
import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext, EmbedFunction } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';
import { queryOf } from '../rag/rag-inputs.ts';
import { NO_EMBEDDING_MODEL } from '../undecided-advice.ts';

const QUESTIONS = 3;
const SYSTEM = [
  `You read an answer and write the ${QUESTIONS} questions it most likely answers, each on its own.`,
  'Answer with one JSON object and nothing else: {"questions": [the questions]}.',
].join(' ');
const TEMPLATE = 'Answer:\n<answer>\n{{output}}\n</answer>';
const answerSchema = z.object({ questions: z.array(z.string().min(1)).min(1).max(10) });
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: { questions: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  required: ['questions'],
  additionalProperties: false,
};

interface AnswerRelevanceConfig extends VerdictGraderConfig {
  embeddingProvider: string | undefined;
}

/**
 * How well the output answers the question (the `query` var, else the prompt), as promptfoo
 * measures it: the judge writes the questions the output answers, and their mean cosine similarity
 * to the question must reach `threshold` (default 0). A `provider` naming an embedding model
 * (`openai:embedding:...`) sets the embedder; another names the judge.
 */
export const answerRelevance: CellHandler<AnswerRelevanceConfig> = {
  kind: 'cell',
  needsModel: ['judge', 'embedding'],
  parse: (assertion: Assertion) => {
    const grader = parseVerdictGrader(assertion);
    const embeds = grader.provider !== undefined && isEmbeddingRef(grader.provider);
    return {
      ...grader,
      provider: embeds ? undefined : grader.provider,
      embeddingProvider: embeds ? grader.provider : undefined,
    };
  },
  async check(config: AnswerRelevanceConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const query = queryOf(context, context.prompt);
    if (typeof query !== 'string') return query;
    const { embed } = context;
    if (!embed) return undecided(NO_EMBEDDING_MODEL);
    // The query first: without an embedding model the judge is not asked (each text's vector is cached).
    const queryVectors = await embedded(embed, [query], config.embeddingProvider);
    if (!Array.isArray(queryVectors)) return queryVectors;
    const answer = await askGrader(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      slots: { output: context.output, answer: context.output },
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: answerSchema,
    });
    if (!answer.ok) return answer.outcome;
    const { questions } = answer.value;
    const questionVectors = await embedded(embed, questions, config.embeddingProvider);
    if (!Array.isArray(questionVectors)) return questionVectors;
    const [queryVector] = queryVectors;
    if (!queryVector || questionVectors.length !== questions.length) {
      return undecided('the embedding model returned the wrong number of vectors');
    }
    const similarities = questionVectors.map((vector) => cosineSimilarity(queryVector, vector));
    const score = similarities.reduce((sum, value) => sum + value, 0) / similarities.length;
    const threshold = config.threshold ?? 0;
    const pass = score >= threshold - Number.EPSILON;
    return {
      pass,
      score: Math.max(0, score),
      reason: `Relevance ${score.toFixed(2)} ${pass ? '≥' : '<'} ${threshold} (the answer answers: ${questions.join(' | ')})`,
    };
  },
};

/** The vectors of `texts`, or the outcome to record when there are none. */
async function embedded(
  embed: EmbedFunction,
  texts: string[],
  provider: string | undefined,
): Promise<Float32Array[] | AssertionOutcome> {
  try {
    return (await embed(texts, provider)) ?? undecided(NO_EMBEDDING_MODEL);
  } catch (error) {
    return undecided(`the embedding call failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
