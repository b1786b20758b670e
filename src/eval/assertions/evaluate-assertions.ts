import type { AssertionResult, AssertionsResult } from '../../spec/assertion.ts';
import type { AssertionContext } from './assertion-context.ts';
import { isPromise } from './compile-assertion.ts';
import type { CompiledAssertions } from './compile-assertions.ts';
import { summarizeResults } from './summarize-results.ts';

/**
 * Run a test's compiled checks on one cell: negation, weights, groups, metrics and the test's
 * threshold applied. Never throws for a check's own failure: that is a result with a reason.
 * Comparisons (select-best) are not run here; see compareOutputs.
 */
export function evaluateAssertions(
  compiled: CompiledAssertions,
  context: AssertionContext,
): Promise<AssertionsResult> {
  const settled = compiled.checks.map((check) => check.run(context));
  // Checks that read only the answer settle at once: summarize without a promise per check.
  if (!settled.some(isPromise)) {
    return Promise.resolve(summarizeResults(settled as AssertionResult[], compiled.threshold));
  }
  return Promise.all(settled).then((results) => summarizeResults(results, compiled.threshold));
}
