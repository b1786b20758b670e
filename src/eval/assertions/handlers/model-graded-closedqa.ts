import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';

const SYSTEM = [
  'You decide whether a submitted answer to a question meets one criterion. Judge the criterion only,',
  'not whether you like the answer. Answer with one JSON object and nothing else:',
  '{"reason": one or two sentences of reasoning, "answer": "Y" if the submission meets the criterion, else "N"}.',
].join(' ');
const TEMPLATE =
  'Question:\n<question>\n{{prompt}}\n</question>\n\nSubmission:\n<submission>\n{{output}}\n</submission>\n\n' +
  'Criterion:\n<criterion>\n{{criterion}}\n</criterion>';
const answerSchema = z.object({ reason: z.string(), answer: z.enum(['Y', 'N']) });
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: { reason: { type: 'string' }, answer: { type: 'string', enum: ['Y', 'N'] } },
  required: ['reason', 'answer'],
  additionalProperties: false,
};

interface ClosedQaConfig extends VerdictGraderConfig {
  criterion: string;
}

/** promptfoo's closed-QA grading: the judge says Y or N to "does the output meet the criterion in `value`?". */
export const modelGradedClosedqa: CellHandler<ClosedQaConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    criterion: parseValue(assertion, nonEmptyStringSchema, 'the criterion the answer must meet'),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: ClosedQaConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const answer = await askGrader(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      // promptfoo's names too, for its rubricPrompts: input, criteria, completion.
      slots: {
        criterion: config.criterion,
        output: context.output,
        input: context.prompt ?? '',
        criteria: config.criterion,
        completion: context.output,
      },
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: answerSchema,
    });
    if (!answer.ok) return answer.outcome;
    const pass = answer.value.answer === 'Y';
    return {
      pass,
      score: pass ? 1 : 0,
      reason: `${pass ? 'Meets' : 'Does not meet'} the criterion: ${answer.value.reason}`,
    };
  },
};
