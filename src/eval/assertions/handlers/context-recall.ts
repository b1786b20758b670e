import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { NO_REFERENCE, parseValue, referenceSchema } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';
import { type ContextSource, parseContextSource, retrievedContext, shareOutcome } from '../rag/rag-inputs.ts';

const SYSTEM = [
  'You check how much of a reference answer the retrieved context supports. Split the reference answer into',
  'its statements (one claim each) and say for each whether the context states or implies it.',
  'Answer with one JSON object and nothing else:',
  '{"statements": [{"statement": the claim, "attributed": true if the context supports it, else false}]}.',
].join(' ');
const TEMPLATE =
  'Context:\n<context>\n{{context}}\n</context>\n\nReference answer:\n<reference>\n{{groundTruth}}\n</reference>';
const answerSchema = z.object({
  statements: z.array(z.object({ statement: z.string(), attributed: z.boolean() })).min(1),
});
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    statements: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { statement: { type: 'string' }, attributed: { type: 'boolean' } },
        required: ['statement', 'attributed'],
        additionalProperties: false,
      },
    },
  },
  required: ['statements'],
  additionalProperties: false,
};

interface ContextRecallConfig extends VerdictGraderConfig {
  reference: string | undefined;
  source: ContextSource;
}

/**
 * Share of the reference answer's statements (`value`, else the test's expected answer) the retrieved
 * context supports; passes at `threshold` (default 0, as promptfoo).
 */
export const contextRecall: CellHandler<ContextRecallConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    reference: parseValue(assertion, referenceSchema, 'the reference answer')?.join('\n'),
    source: parseContextSource(assertion),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: ContextRecallConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const groundTruth = config.reference ?? context.test.expected;
    if (groundTruth === undefined) return undecided(NO_REFERENCE);
    const retrieved = await retrievedContext(config.source, context);
    if (!retrieved.ok) return retrieved.outcome;
    const answer = await askGrader(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      slots: { context: retrieved.chunks.join('\n\n'), groundTruth, output: context.output },
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: answerSchema,
    });
    if (!answer.ok) return answer.outcome;
    const { statements } = answer.value;
    const missing = statements.filter((entry) => !entry.attributed).map((entry) => entry.statement);
    return shareOutcome(
      'Recall',
      statements.length - missing.length,
      statements.length,
      config.threshold ?? 0,
      missing.length === 0 ? '' : `not in the context: ${missing.join('; ')}`,
    );
  },
};
