import type { AssertionContext } from '../../../src/eval/assertions/assertion-context.ts';
import { loadAssertionHandlers } from '../../../src/eval/assertions/assertion-registry.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { evaluateAssertions } from '../../../src/eval/assertions/evaluate-assertions.ts';
import type { AssertionEntry, AssertionResult, AssertionsResult } from '../../../src/spec/assertion.ts';

// Tests compile assertions of every type directly: load all handlers, as a run loads those it uses.
await loadAssertionHandlers();

/** A cell's context for tests: the output plus whatever a test overrides. */
export function cellContext(output: string, overrides: Partial<AssertionContext> = {}): AssertionContext {
  return {
    output,
    vars: {},
    test: {},
    latencyMs: 120,
    costUsd: 0.0004,
    tokens: { inputTokens: 10, outputTokens: 5 },
    allowCode: false,
    // One token per whitespace-separated word: predictable in assertions about token counts.
    tokenCount: (text) => text.split(/\s+/).filter(Boolean).length,
    ...overrides,
  };
}

/** Compile and run a list of assertions on one output. */
export function evaluate(
  entries: AssertionEntry[],
  output: string,
  overrides: Partial<AssertionContext> = {},
  threshold?: number,
): Promise<AssertionsResult> {
  return evaluateAssertions(compileAssertions(entries, { threshold }), cellContext(output, overrides));
}

/** Compile and run one assertion on one output; its single result. */
export async function check(
  entry: AssertionEntry,
  output: string,
  overrides: Partial<AssertionContext> = {},
): Promise<AssertionResult> {
  const { results } = await evaluate([entry], output, overrides);
  return results[0]!;
}
