/** The verdict counts a pass rate is taken from. */
export interface VerdictCounts {
  passed: number;
  failed: number;
  /** Cells whose call failed before their checks ran. */
  errors: number;
  /** Cells whose checks could not decide (see checksVerdict). */
  undecided: number;
}

/** A pass rate with the counts it is taken over and the counts it leaves out. */
export interface PassRate extends VerdictCounts {
  /** passed / decided; null when no cell was decided. */
  rate: number | null;
  /** passed + failed: the cells the rate is taken over. */
  decided: number;
}

/**
 * The one pass rate of plume, on every surface (reports, `--json`, exports, the live meter, the
 * web app): passed / (passed + failed). Errored and undecided cells are neither: they are left out
 * of it, and always shown beside it.
 */
export function passRateOf(counts: VerdictCounts): PassRate {
  const decided = counts.passed + counts.failed;
  return {
    rate: decided === 0 ? null : counts.passed / decided,
    decided,
    passed: counts.passed,
    failed: counts.failed,
    errors: counts.errors,
    undecided: counts.undecided,
  };
}

/** A share as a percentage with one decimal (`70.0%`); `–` when unknown. */
export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/**
 * A pass rate as every text surface writes it: `70.0% of 158 decided; 12 errors, 30 undecided`
 * (the counts it leaves out only when there are any). `interval` goes after the rate when given.
 */
export function formatPassRate(rate: PassRate, interval?: string): string {
  const shown = rate.rate === null ? 'no pass rate' : formatPercent(rate.rate);
  const left = [
    ...(rate.errors > 0 ? [`${rate.errors} error${rate.errors === 1 ? '' : 's'}`] : []),
    ...(rate.undecided > 0 ? [`${rate.undecided} undecided`] : []),
  ];
  const of = `${shown}${interval === undefined ? '' : ` ${interval}`} of ${rate.decided} decided`;
  return left.length === 0 ? of : `${of}; ${left.join(', ')}`;
}
