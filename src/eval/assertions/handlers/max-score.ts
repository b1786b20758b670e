import { z } from 'zod';
import type { Assertion, AssertionResult } from '../../../spec/assertion.ts';
import { parseValue } from '../assertion-config.ts';
import { type AssertionOutcome, type CompareHandler, undecided } from '../assertion-handler.ts';

interface MaxScoreConfig {
  method: 'average' | 'sum';
  /** Weight per assertion type as written (`not-contains`) or its base type; 1 for the others. */
  weights: Readonly<Record<string, number>>;
  threshold: number | undefined;
}

const valueSchema = z
  .object({
    method: z.enum(['average', 'sum']).default('average'),
    weights: z.record(z.string(), z.number().nonnegative().finite()).default({}),
    threshold: z.number().finite().optional(),
  })
  .strict()
  .optional();

/**
 * Picks the output of one test (across its prompts and models) whose other checks score best:
 * their weighted average (or `method: sum`), weights per assertion type in `value.weights`. The
 * best passes (the first on a tie), unless it scores under `value.threshold`; the others fail.
 * Models are not called: it reads the scores the cells already have.
 */
export const maxScore: CompareHandler<MaxScoreConfig> = {
  kind: 'compare',
  parse(assertion: Assertion) {
    const value = parseValue(
      assertion,
      valueSchema,
      '{ method?: average | sum, weights?: { type: weight }, threshold? }',
    );
    return {
      method: value?.method ?? 'average',
      weights: value?.weights ?? {},
      threshold: value?.threshold ?? assertion.threshold,
    };
  },
  async compare(config, outputs, _context, results): Promise<AssertionOutcome[]> {
    const scored = results.map((own) => own.filter((result) => result.weight > 0));
    if (scored.every((own) => own.length === 0))
      return outputs.map(() => undecided('max-score needs other checks in the test to aggregate'));
    if (scored.some((own) => own.some((result) => result.error === true)))
      return outputs.map(() =>
        undecided('a check of one of the outputs is undecided, so their ranking is too'),
      );
    const totals = scored.map((own) => aggregate(own, config));
    const best = totals.indexOf(Math.max(...totals));
    const passMark = config.threshold;
    return totals.map((total, index) => {
      const shown = total.toFixed(3);
      if (index !== best)
        return {
          pass: false,
          score: 0,
          reason: `Not the highest score (${shown}; best ${totals[best]!.toFixed(3)})`,
        };
      if (passMark !== undefined && total < passMark)
        return {
          pass: false,
          score: 0,
          reason: `The highest score ${shown} is under the threshold ${passMark}`,
        };
      return { pass: true, score: 1, reason: `The highest score of ${outputs.length} outputs (${shown})` };
    });
  },
};

function aggregate(results: readonly AssertionResult[], config: MaxScoreConfig): number {
  let sum = 0;
  let weights = 0;
  for (const result of results) {
    const weight = config.weights[result.type] ?? config.weights[result.type.replace(/^not-/, '')] ?? 1;
    sum += result.score * weight;
    weights += weight;
  }
  if (config.method === 'sum') return sum;
  return weights === 0 ? 0 : sum / weights;
}
