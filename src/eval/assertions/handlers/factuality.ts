import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { NO_REFERENCE, parseOption, parseValue, referenceSchema } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';

const SYSTEM = [
  'You compare a submitted answer with an expert answer to the same question, for factual content only;',
  'style, grammar and punctuation do not matter. Pick the one category that fits:',
  '"A": the submission is a subset of the expert answer and fully consistent with it;',
  '"B": the submission is a superset of the expert answer and fully consistent with it;',
  '"C": the submission contains all the same details as the expert answer;',
  '"D": there is a disagreement between the submission and the expert answer;',
  '"E": the answers differ, but these differences do not matter for factuality.',
  'Answer with one JSON object and nothing else: {"category": "A", "B", "C", "D" or "E", "reason": one or two sentences}.',
].join(' ');
const TEMPLATE =
  'Question:\n<question>\n{{prompt}}\n</question>\n\nExpert answer:\n<expert>\n{{expected}}\n</expert>\n\n' +
  'Submitted answer:\n<submission>\n{{output}}\n</submission>';
const CATEGORIES = ['A', 'B', 'C', 'D', 'E'] as const;
type Category = (typeof CATEGORIES)[number];
const answerSchema = z.object({ category: z.enum(CATEGORIES), reason: z.string() });
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: { category: { type: 'string', enum: [...CATEGORIES] }, reason: { type: 'string' } },
  required: ['category', 'reason'],
  additionalProperties: false,
};
const score = z.number().min(0).max(1);
/** promptfoo's category scores (`options.factuality`), with its defaults: only a disagreement fails. */
const scoresSchema = z
  .object({
    subset: score.default(1),
    superset: score.default(1),
    agree: score.default(1),
    disagree: score.default(0),
    differButFactual: score.default(1),
  })
  .strict();
const DEFAULT_SCORES = scoresSchema.parse({});
const NAMES: Record<Category, keyof z.infer<typeof scoresSchema>> = {
  A: 'subset',
  B: 'superset',
  C: 'agree',
  D: 'disagree',
  E: 'differButFactual',
};

interface FactualityConfig extends VerdictGraderConfig {
  reference: string | undefined;
  /** The check's own `config.factuality`; undefined: its test's options', else the defaults. */
  scores: z.infer<typeof scoresSchema> | undefined;
}

/**
 * A judge model puts the output in one of promptfoo's factuality categories against the value (or
 * the test's expected answer): subset, superset, agreement, disagreement, or a difference that does
 * not matter. Each category's score is `config.factuality`'s (default 1, and 0 for a disagreement);
 * the check passes on a score above 0 that reaches `threshold`, when one is given.
 */
export const factuality: CellHandler<FactualityConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    reference: parseValue(assertion, referenceSchema, 'a reference answer')?.join('\n'),
    scores: parseOption(assertion, 'factuality', scoresSchema.optional()),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: FactualityConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const expected = config.reference ?? context.test.expected;
    if (expected === undefined) return undecided(NO_REFERENCE);
    const answer = await askGrader(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      // promptfoo's names too, for its rubricPrompts: input, ideal, completion.
      slots: {
        expected,
        output: context.output,
        input: context.prompt ?? '',
        ideal: expected,
        completion: context.output,
      },
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: answerSchema,
    });
    if (!answer.ok) return answer.outcome;
    const { category, reason } = answer.value;
    const scores = config.scores ?? testScores(context.test.factuality);
    const value = scores[NAMES[category]];
    const pass = value > 0 && (config.threshold === undefined || value >= config.threshold);
    return { pass, score: value, reason: `${NAMES[category]} (${category}): ${reason}` };
  },
};

/** The test's category scores over the defaults (the suite schema has checked them). */
function testScores(given: Readonly<Record<string, number>> | undefined): z.infer<typeof scoresSchema> {
  if (given === undefined) return DEFAULT_SCORES;
  const parsed = scoresSchema.safeParse(given);
  return parsed.success ? parsed.data : DEFAULT_SCORES;
}
