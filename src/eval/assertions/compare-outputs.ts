import type { AssertionResult } from '../../spec/assertion.ts';
import type { CompareContext } from './assertion-context.ts';
import type { CompiledAssertions } from './compile-assertions.ts';

/**
 * Run a test's comparisons (select-best, max-score) over the outputs of its cells, once all are
 * in; `results` holds each cell's own check results, in the same order (none: no results).
 * Returns, for each output in order, one result per comparison; add them to that cell's results
 * and summarize again with summarizeResults.
 */
export async function compareOutputs(
  compiled: CompiledAssertions,
  outputs: readonly string[],
  context: CompareContext,
  results: readonly (readonly AssertionResult[])[] = outputs.map(() => []),
): Promise<AssertionResult[][]> {
  const perComparison = await Promise.all(
    compiled.comparisons.map((comparison) => comparison.run(outputs, context, results)),
  );
  return outputs.map((_, index) => perComparison.map((results) => results[index]!));
}
