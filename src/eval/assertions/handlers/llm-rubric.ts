import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import {
  gradeWithVerdict,
  parseVerdictGrader,
  type VerdictGraderConfig,
} from '../judge/grade-with-verdict.ts';
import { VERDICT_INSTRUCTIONS } from '../judge/judge-verdict.ts';

const SYSTEM = `You grade the output of an AI model against a rubric. Judge only what the rubric asks for. ${VERDICT_INSTRUCTIONS}`;
const TEMPLATE =
  'Rubric:\n<rubric>\n{{rubric}}\n</rubric>\n\nOutput to grade:\n<output>\n{{output}}\n</output>';

interface RubricConfig extends VerdictGraderConfig {
  rubric: string;
}

/** A judge model grades the output against the rubric in `value`; with `threshold`, its score must reach it too. */
export const llmRubric: CellHandler<RubricConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    rubric: parseValue(assertion, nonEmptyStringSchema, 'a rubric'),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: RubricConfig, context: AssertionContext): Promise<AssertionOutcome> {
    return gradeWithVerdict(config, context, {
      system: SYSTEM,
      template: TEMPLATE,
      slots: {
        rubric: config.rubric,
        output: context.output,
      },
    });
  },
};
