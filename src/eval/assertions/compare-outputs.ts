import type { AssertionResult } from '../../spec/assertion.ts';
import type { CompareContext } from './assertion-context.ts';
import type { CompiledAssertions } from './compile-assertions.ts';

/**
 * Run a test's comparisons (select-best) over the outputs of its cells, once all are in.
 * Returns, for each output in order, one result per comparison; add them to that cell's results
 * and summarize again with summarizeResults.
 */
export async function compareOutputs(
  compiled: CompiledAssertions,
  outputs: readonly string[],
  context: CompareContext,
): Promise<AssertionResult[][]> {
  const perComparison = await Promise.all(
    compiled.comparisons.map((comparison) => comparison.run(outputs, context)),
  );
  return outputs.map((_, index) => perComparison.map((results) => results[index]!));
}
