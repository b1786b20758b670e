import type { Assertion } from '../../../spec/assertion.ts';
import { NO_REFERENCE, parseValue, referenceSchema } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import {
  gradeWithVerdict,
  parseVerdictGrader,
  type VerdictGraderConfig,
} from '../judge/grade-with-verdict.ts';
import { VERDICT_INSTRUCTIONS } from '../judge/judge-verdict.ts';

const SYSTEM = [
  'You compare a submitted answer with an expert answer to the same question, for factual consistency only;',
  'style, length and wording do not matter. The submission passes when its facts equal, are a subset of, or',
  'a superset of the expert answer without contradicting it, and fails when any of its facts contradicts it.',
  'The score is how consistent it is, from 0 (contradicts) to 1 (fully consistent).',
  VERDICT_INSTRUCTIONS,
].join(' ');
const TEMPLATE =
  'Question:\n<question>\n{{prompt}}\n</question>\n\nExpert answer:\n<expert>\n{{expected}}\n</expert>\n\n' +
  'Submitted answer:\n<submission>\n{{output}}\n</submission>';

interface FactualityConfig extends VerdictGraderConfig {
  reference: string | undefined;
}

/** A judge model checks that the output agrees on the facts with the value (or the test's expected answer). */
export const factuality: CellHandler<FactualityConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    reference: parseValue(assertion, referenceSchema, 'a reference answer')?.join('\n'),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: FactualityConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const expected = config.reference ?? context.test.expected;
    if (expected === undefined) return undecided(NO_REFERENCE);
    return gradeWithVerdict(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      slots: {
        expected,
        output: context.output,
      },
    });
  },
};
