import type { AssertionsResult } from '../../spec/assertion.ts';
import type { AssertionContext } from './assertion-context.ts';
import type { CompiledAssertions } from './compile-assertions.ts';
import { summarizeResults } from './summarize-results.ts';

/**
 * Run a test's compiled checks on one cell: negation, weights, groups, metrics and the test's
 * threshold applied. Never throws for a check's own failure: that is a result with a reason.
 * Comparisons (select-best) are not run here; see compareOutputs.
 */
export async function evaluateAssertions(
  compiled: CompiledAssertions,
  context: AssertionContext,
): Promise<AssertionsResult> {
  const results = await Promise.all(compiled.checks.map((check) => check.run(context)));
  return summarizeResults(results, compiled.threshold);
}
