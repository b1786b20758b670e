import type { AssertionResult, AssertionsResult } from '../../spec/assertion.ts';

/**
 * Combine check results: the score is the weighted mean of checks with weight > 0; the verdict
 * is "all counted checks pass", or "score ≥ threshold" when a threshold is set. Checks of
 * weight 0 are recorded and feed their metric, but count for neither.
 */
export function summarizeResults(results: AssertionResult[], threshold?: number): AssertionsResult {
  let weighted = 0;
  let totalWeight = 0;
  const failures: AssertionResult[] = [];
  for (const result of results) {
    if (result.weight <= 0) continue;
    weighted += result.score * result.weight;
    totalWeight += result.weight;
    if (!result.pass) failures.push(result);
  }
  // With nothing counted there is nothing to fail.
  const score = totalWeight > 0 ? weighted / totalWeight : 1;
  const pass = threshold === undefined ? failures.length === 0 : score >= threshold;
  return {
    pass,
    score,
    reason: describe(results, failures, score, pass, threshold),
    metrics: metricsOf(results) ?? NO_METRICS,
    results,
  };
}

function describe(
  results: AssertionResult[],
  failures: AssertionResult[],
  score: number,
  pass: boolean,
  threshold: number | undefined,
): string {
  if (results.length === 0) return 'No assertions';
  const first = failures[0];
  const firstFailure = first ? `${first.type}: ${first.reason}` : '';
  if (threshold !== undefined) {
    const verdict = `Score ${score.toFixed(2)} ${pass ? '≥' : '<'} threshold ${threshold}`;
    return first ? `${verdict} (${failures.length} failed; first: ${firstFailure})` : verdict;
  }
  if (!first) return ALL_PASSED[results.length] ?? `All ${results.length} assertions passed`;
  return failures.length === 1 ? firstFailure : `${firstFailure} (and ${failures.length - 1} more failed)`;
}

// Shared by every cell: most lists name no metric, and most cells pass.
const NO_METRICS: Record<string, number> = Object.freeze({});
const ALL_PASSED = Array.from({ length: 16 }, (_, count) => `All ${count} assertions passed`);

/** Weighted mean score per metric name, over checks at any depth; weight-0 checks count once. */
function metricsOf(results: AssertionResult[]): Record<string, number> | undefined {
  const sums = new Map<string, { weighted: number; weight: number }>();
  const visit = (result: AssertionResult) => {
    if (result.metric !== undefined) {
      const weight = result.weight > 0 ? result.weight : 1;
      const sum = sums.get(result.metric) ?? { weighted: 0, weight: 0 };
      sum.weighted += result.score * weight;
      sum.weight += weight;
      sums.set(result.metric, sum);
    }
    result.children?.forEach(visit);
  };
  results.forEach(visit);
  if (sums.size === 0) return undefined;
  return Object.fromEntries([...sums].map(([name, sum]) => [name, sum.weighted / sum.weight]));
}
