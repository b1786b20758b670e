import type { Assertion } from '../../../spec/assertion.ts';
import { NO_REFERENCE, parseValue, referenceSchema } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { askJudge } from '../judge/ask-judge.ts';
import {
  buildJudgeRequest,
  type JudgeSettings,
  judgeUserMessage,
  parseJudgeSettings,
} from '../judge/judge-request.ts';
import {
  JUDGE_VERDICT_JSON_SCHEMA,
  judgeVerdictSchema,
  VERDICT_INSTRUCTIONS,
} from '../judge/judge-verdict.ts';

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

interface FactualityConfig {
  reference: string | undefined;
  threshold: number | undefined;
  provider: string | undefined;
  rubricPrompt: string | undefined;
  settings: JudgeSettings;
}

/** A judge model checks that the output agrees on the facts with the value (or the test's expected answer). */
export const factuality: CellHandler<FactualityConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    reference: parseValue(assertion, referenceSchema, 'a reference answer')?.join('\n'),
    threshold: assertion.threshold,
    provider: assertion.provider,
    rubricPrompt: assertion.rubricPrompt,
    settings: parseJudgeSettings(assertion),
  }),
  async check(config: FactualityConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const expected = config.reference ?? context.test.expected;
    if (expected === undefined) return undecided(NO_REFERENCE);
    const user = judgeUserMessage(config.rubricPrompt, TEMPLATE, context, {
      expected,
      output: context.output,
    });
    const request = buildJudgeRequest(SYSTEM, user, JUDGE_VERDICT_JSON_SCHEMA, config.settings);
    const answer = await askJudge(context.judge, config.provider, request, judgeVerdictSchema);
    if (!answer.ok) return answer.outcome;
    const { pass, score, reason } = answer.value;
    return { pass: pass && (config.threshold === undefined || score >= config.threshold), score, reason };
  },
};
