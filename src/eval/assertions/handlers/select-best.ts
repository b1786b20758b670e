import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue } from '../assertion-config.ts';
import type { CompareContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CompareHandler, undecided } from '../assertion-handler.ts';
import { askJudge } from '../judge/ask-judge.ts';
import {
  buildJudgeRequest,
  type JudgeSettings,
  judgeUserMessage,
  parseJudgeSettings,
} from '../judge/judge-request.ts';

const SYSTEM =
  'You compare two outputs of AI models, answering the same input, against criteria, and pick the better one. Answer with one JSON object and nothing else: {"winner": "A", "B" or "tie", "reason": one or two sentences}.';
const TEMPLATE =
  'Criteria:\n<criteria>\n{{criteria}}\n</criteria>\n\nInput:\n<input>\n{{prompt}}\n</input>\n\n' +
  'Output A:\n<output_a>\n{{a}}\n</output_a>\n\nOutput B:\n<output_b>\n{{b}}\n</output_b>';
const matchSchema = z.object({ winner: z.enum(['A', 'B', 'tie']), reason: z.string() });
const MATCH_JSON_SCHEMA = {
  type: 'object',
  properties: { winner: { type: 'string', enum: ['A', 'B', 'tie'] }, reason: { type: 'string' } },
  required: ['winner', 'reason'],
  additionalProperties: false,
};

interface SelectBestConfig {
  criteria: string;
  provider: string | undefined;
  rubricPrompt: string | undefined;
  settings: JudgeSettings;
}

/**
 * Ranks the outputs of one test's cells by a round robin of pairwise judge comparisons
 * (n(n-1)/2 calls). Each output scores its share of wins (ties count half); the best pass.
 */
export const selectBest: CompareHandler<SelectBestConfig> = {
  kind: 'compare',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    criteria: parseValue(assertion, nonEmptyStringSchema, 'the criteria to compare by'),
    provider: assertion.provider,
    rubricPrompt: assertion.rubricPrompt,
    settings: parseJudgeSettings(assertion),
  }),
  async compare(
    config: SelectBestConfig,
    outputs: readonly string[],
    context: CompareContext,
  ): Promise<AssertionOutcome[]> {
    if (outputs.length < 2)
      return outputs.map(() => undecided('select-best needs at least two outputs of the test'));
    const pairs: [number, number][] = [];
    for (let i = 0; i < outputs.length; i++) for (let j = i + 1; j < outputs.length; j++) pairs.push([i, j]);
    const matches = await Promise.all(
      pairs.map(([i, j]) => {
        // Alternate which output is shown first, so position bias does not favour low indices.
        const [first, second] = (i + j) % 2 === 0 ? [i, j] : [j, i];
        const user = judgeUserMessage(config.rubricPrompt, TEMPLATE, context, {
          criteria: config.criteria,
          a: outputs[first]!,
          b: outputs[second]!,
        });
        const request = buildJudgeRequest(SYSTEM, user, MATCH_JSON_SCHEMA, config.settings);
        return askJudge(context.judge, config.provider, request, matchSchema).then((answer) => ({
          answer,
          first,
          second,
        }));
      }),
    );
    const wins = outputs.map(() => 0);
    for (const { answer, first, second } of matches) {
      // One bad comparison leaves the ranking unknown for every output.
      if (!answer.ok) {
        return outputs.map(() => undecided(`a pairwise comparison failed: ${answer.outcome.reason}`));
      }
      const { winner } = answer.value;
      wins[first]! += winner === 'A' ? 1 : winner === 'tie' ? 0.5 : 0;
      wins[second]! += winner === 'B' ? 1 : winner === 'tie' ? 0.5 : 0;
    }
    const best = Math.max(...wins);
    const rounds = outputs.length - 1;
    return wins.map((won) => ({
      pass: won === best,
      score: won / rounds,
      reason: `${won === best ? 'Best' : 'Not the best'} output: won ${won} of ${rounds} comparisons`,
    }));
  },
};
