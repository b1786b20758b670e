import type { AssertionResult } from '../../spec/assertion.ts';
import { checksVerdict } from '../../spec/checks-verdict.ts';
import { decodeChecks } from '../run-cell-row.ts';

/**
 * Whether a cell stored as failed before undecided cells were told apart is undecided by the rule
 * of checksVerdict (1) or a decided fail (0), from its stored checks and reason: a test's or a
 * group's threshold is not stored, but its reason states it (`Score 0.40 < threshold 0.5`). A
 * group stored then never said it was undecided: it is combined again from its checks.
 */
export function undecidedCell(assertions: string, reason: string | null): 0 | 1 {
  const results = decodeChecks(assertions).map(regrouped);
  return checksVerdict(results, thresholdOf(reason)).verdict === 'undecided' ? 1 : 0;
}

function regrouped(result: AssertionResult): AssertionResult {
  if (result.children === undefined || result.error === true) return result;
  const children = result.children.map(regrouped);
  const undecided = checksVerdict(children, thresholdOf(result.reason)).verdict === 'undecided';
  return undecided ? { ...result, children, error: true } : { ...result, children };
}

// The threshold a verdict's reason states (see summarizeResults), when it states one.
const THRESHOLD = /^Score -?[\d.]+ [<≥] threshold (-?[\d.e+-]+)/;

function thresholdOf(reason: string | null | undefined): number | undefined {
  const match = reason === null || reason === undefined ? null : THRESHOLD.exec(reason);
  const threshold = match === null ? Number.NaN : Number(match[1]);
  return Number.isFinite(threshold) ? threshold : undefined;
}
