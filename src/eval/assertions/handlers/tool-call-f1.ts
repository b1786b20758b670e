import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseThreshold, parseValue, stringListSchema } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import { outputJson, toolCallsIn } from '../tools/tool-calls.ts';

interface ToolCallF1Config {
  expected: ReadonlySet<string>;
  threshold: number;
}

const thresholdSchema = z.number().min(0).max(1).default(1);

/**
 * F1 of the set of tools the output calls (any provider's shape, see toolCallsIn) against the
 * expected names (a list or a comma-separated string); passes at `threshold` (default 1: exactly
 * those tools). Order and repeats do not count.
 */
export const toolCallF1: CellHandler<ToolCallF1Config> = {
  kind: 'cell',
  parse: (assertion: Assertion) => ({
    expected: new Set(
      parseValue(assertion, stringListSchema, 'tool names (a list or a comma-separated string)')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
    threshold: parseThreshold(assertion, thresholdSchema, 'between 0 and 1'),
  }),
  check(config: ToolCallF1Config, context: AssertionContext): AssertionOutcome {
    const called = new Set(
      outputJson(context.output).flatMap((json) => toolCallsIn(json).map((call) => call.name)),
    );
    const hits = [...config.expected].filter((name) => called.has(name)).length;
    const precision = called.size === 0 ? 0 : hits / called.size;
    const recall = config.expected.size === 0 ? 0 : hits / config.expected.size;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    const pass = f1 >= config.threshold;
    const list = (names: Iterable<string>) => [...names].sort().join(', ') || '(none)';
    return {
      pass,
      score: f1,
      reason:
        `Tool Call F1 ${f1.toFixed(3)} ${pass ? '≥' : '<'} ${config.threshold} (precision=${precision.toFixed(3)}, ` +
        `recall=${recall.toFixed(3)}). Expected: [${list(config.expected)}], Called: [${list(called)}]`,
    };
  },
};
