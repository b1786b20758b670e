import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';
import {
  type ContextSource,
  parseContextSource,
  queryOf,
  retrievedContext,
  shareOutcome,
} from '../rag/rag-inputs.ts';

const SYSTEM = [
  'You check an answer for claims its context does not support. Split the answer into its statements',
  '(one claim each, pronouns replaced by what they name) and say for each whether the context supports it;',
  'a claim the context does not state or imply is not supported, even when it is true.',
  'Answer with one JSON object and nothing else:',
  '{"statements": [{"statement": the claim, "supported": true or false}]} (an empty list when the answer makes no claim).',
].join(' ');
const TEMPLATE =
  'Question:\n<question>\n{{query}}\n</question>\n\nContext:\n<context>\n{{context}}\n</context>\n\n' +
  'Answer:\n<answer>\n{{output}}\n</answer>';
const answerSchema = z.object({
  statements: z.array(z.object({ statement: z.string(), supported: z.boolean() })),
});
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    statements: {
      type: 'array',
      items: {
        type: 'object',
        properties: { statement: { type: 'string' }, supported: { type: 'boolean' } },
        required: ['statement', 'supported'],
        additionalProperties: false,
      },
    },
  },
  required: ['statements'],
  additionalProperties: false,
};

interface FaithfulnessConfig extends VerdictGraderConfig {
  source: ContextSource;
}

/**
 * Share of the output's claims the retrieved context supports (no hallucination: 1); needs the
 * `query` var; passes at `threshold` (default 0, as promptfoo). An answer with no claim scores 1.
 */
export const contextFaithfulness: CellHandler<FaithfulnessConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    source: parseContextSource(assertion),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: FaithfulnessConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const query = queryOf(context);
    if (typeof query !== 'string') return query;
    const retrieved = await retrievedContext(config.source, context);
    if (!retrieved.ok) return retrieved.outcome;
    const answer = await askGrader(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      slots: {
        query,
        question: query,
        context: retrieved.chunks.join('\n\n'),
        output: context.output,
        answer: context.output,
      },
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: answerSchema,
    });
    if (!answer.ok) return answer.outcome;
    const { statements } = answer.value;
    const threshold = config.threshold ?? 0;
    if (statements.length === 0)
      return { pass: true, score: 1, reason: 'The answer makes no claim to check' };
    const unsupported = statements.filter((entry) => !entry.supported).map((entry) => entry.statement);
    return shareOutcome(
      'Faithfulness',
      statements.length - unsupported.length,
      statements.length,
      threshold,
      unsupported.length === 0 ? '' : `not supported by the context: ${unsupported.join('; ')}`,
    );
  },
};
