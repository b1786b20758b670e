import type { AssertionResult, AssertionsResult } from '../../spec/assertion.ts';
import { checksVerdict } from '../../spec/checks-verdict.ts';

/**
 * Combine check results by the rule of checksVerdict: the score is the weighted mean of the
 * decided checks with weight > 0; the verdict is "all counted checks pass", or "score ≥ threshold"
 * when a threshold is set, and undecided when checks that could not decide might still change it.
 * Checks of weight 0 are recorded and feed their metric, but count for neither.
 */
export function summarizeResults(results: AssertionResult[], threshold?: number): AssertionsResult {
  const combined = checksVerdict(results, threshold);
  const score = combined.score ?? 0;
  const failures: AssertionResult[] = [];
  const undecided: AssertionResult[] = [];
  for (const result of results) {
    if (result.weight <= 0 || result.pass) continue;
    (result.error === true ? undecided : failures).push(result);
  }
  const pass = combined.verdict === 'pass';
  return {
    pass,
    ...(combined.verdict === 'undecided' && { undecided: true as const }),
    score,
    reason: describe(results, failures, undecided, score, combined.verdict, threshold),
    metrics: metricsOf(results) ?? NO_METRICS,
    results,
  };
}

function describe(
  results: AssertionResult[],
  failures: AssertionResult[],
  undecided: AssertionResult[],
  score: number,
  verdict: 'pass' | 'fail' | 'undecided',
  threshold: number | undefined,
): string {
  if (results.length === 0) return 'No assertions';
  const first = failures[0];
  const firstFailure = first ? `${first.type}: ${first.reason}` : '';
  const firstUndecided = undecided[0] ? `${undecided[0].type}: ${undecided[0].reason}` : '';
  if (verdict === 'undecided') {
    const what = threshold === undefined ? 'Undecided' : `Undecided against threshold ${threshold}`;
    const more = undecided.length > 1 ? ` (and ${undecided.length - 1} more undecided)` : '';
    return `${what}: ${firstUndecided}${more}`;
  }
  if (threshold !== undefined) {
    const pass = verdict === 'pass';
    const verdictText = `Score ${score.toFixed(2)} ${pass ? '≥' : '<'} threshold ${threshold}`;
    return first ? `${verdictText} (${failures.length} failed; first: ${firstFailure})` : verdictText;
  }
  if (!first) return ALL_PASSED[results.length] ?? `All ${results.length} assertions passed`;
  return failures.length === 1 ? firstFailure : `${firstFailure} (and ${failures.length - 1} more failed)`;
}

// Shared by every cell: most lists name no metric, and most cells pass.
const NO_METRICS: Record<string, number> = Object.freeze({});
const ALL_PASSED = Array.from({ length: 16 }, (_, count) => `All ${count} assertions passed`);

/**
 * Weighted mean score per metric name, over checks at any depth; weight-0 checks count once. An
 * undecided check measured nothing: it is left out (a metric with only such checks has no value).
 */
function metricsOf(results: AssertionResult[]): Record<string, number> | undefined {
  const sums = new Map<string, { weighted: number; weight: number }>();
  const visit = (result: AssertionResult) => {
    if (result.metric !== undefined && result.error !== true) {
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
