import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, broken, type CellHandler } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';
import {
  type ContextSource,
  contextUnits,
  numbered,
  parseContextSource,
  queryOf,
  retrievedContext,
  shareOutcome,
} from '../rag/rag-inputs.ts';

const SYSTEM = [
  'You judge retrieved context for a question. The context is given as numbered parts; list the numbers',
  'of the parts needed to answer the question (none when the context cannot answer it).',
  'Answer with one JSON object and nothing else: {"relevant": [part numbers], "reason": one sentence}.',
].join(' ');
const TEMPLATE =
  'Question:\n<question>\n{{query}}\n</question>\n\nContext parts:\n<context>\n{{context}}\n</context>';
const answerSchema = z.object({ relevant: z.array(z.number().int().positive()), reason: z.string() });
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    relevant: { type: 'array', items: { type: 'integer', minimum: 1 } },
    reason: { type: 'string' },
  },
  required: ['relevant', 'reason'],
  additionalProperties: false,
};

interface ContextRelevanceConfig extends VerdictGraderConfig {
  source: ContextSource;
}

/**
 * Share of the retrieved context (its chunks, lines or sentences) needed to answer the `query`
 * var; passes at `threshold` (default 0, as promptfoo).
 */
export const contextRelevance: CellHandler<ContextRelevanceConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    source: parseContextSource(assertion),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: ContextRelevanceConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const query = queryOf(context);
    if (typeof query !== 'string') return query;
    const retrieved = await retrievedContext(config.source, context);
    if (!retrieved.ok) return retrieved.outcome;
    const units = contextUnits(retrieved.chunks);
    const answer = await askGrader(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      slots: { query, question: query, context: numbered(units), output: context.output },
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: answerSchema,
    });
    if (!answer.ok) return answer.outcome;
    const relevant = new Set(answer.value.relevant);
    if ([...relevant].some((part) => part > units.length)) {
      return broken(`the judge answered badly: it named a part beyond the ${units.length} given`);
    }
    return shareOutcome(
      'Context relevance',
      relevant.size,
      units.length,
      config.threshold ?? 0,
      answer.value.reason,
    );
  },
};
