import type { Interval } from './interval.ts';

/** The fields of a comparison a verdict is written from. */
export interface VerdictInput {
  a: string;
  b: string;
  kind: 'pass-fail' | 'score';
  tests: number;
  difference: Interval;
  adjustedPValue: number;
  comparisons: number;
  significant: boolean;
  sampleSize?: { difference: number; power: number; tests: number; moreTests: number };
}

/**
 * One sentence a person can act on: who wins, by how much with its interval, and the
 * corrected p-value; or that this sample cannot tell, and how many tests it would take.
 * Pass rates are in percentage points (pp); the interval is the unadjusted one.
 */
export function formatVerdict(comparison: VerdictInput): string {
  const { a, b, difference } = comparison;
  if (comparison.tests === 0)
    return `${a} and ${b} have no test with outcomes on both sides: nothing to compare`;
  const evidence = formatPValue(comparison.adjustedPValue, comparison.comparisons);
  if (comparison.significant) {
    const bWins = difference.estimate > 0;
    // State the winner's advantage as a positive number, flipping the interval with it.
    const shown = bWins
      ? difference
      : { ...difference, estimate: -difference.estimate, lower: -difference.upper, upper: -difference.lower };
    return `${bWins ? b : a} beats ${bWins ? a : b}: ${formatDifference(shown, comparison.kind)}, ${evidence}`;
  }
  const observed = `${b} - ${a}: ${formatDifference(difference, comparison.kind)}, ${evidence}`;
  const verdict = `No significant difference between ${a} and ${b} at this sample size (${observed})`;
  const advice = comparison.sampleSize;
  if (advice === undefined || advice.moreTests === 0) return verdict;
  const target = formatAmount(advice.difference, comparison.kind, difference);
  const power = Math.round(advice.power * 100);
  return `${verdict}; detecting a difference of ${target} with ${power}% power would take about ${advice.tests.toLocaleString('en-US')} tests (${advice.moreTests.toLocaleString('en-US')} more)`;
}

function formatDifference(difference: Interval, kind: 'pass-fail' | 'score'): string {
  const digits = decimals(difference, kind);
  const scale = kind === 'pass-fail' ? 100 : 1;
  const value = (amount: number): string => (amount * scale).toFixed(digits);
  const sign = difference.estimate > 0 ? '+' : '';
  const unit = kind === 'pass-fail' ? ' pp' : '';
  return `${sign}${value(difference.estimate)}${unit} [${value(difference.lower)}, ${value(difference.upper)}]`;
}

function formatAmount(amount: number, kind: 'pass-fail' | 'score', context: Interval): string {
  const digits = decimals(context, kind);
  return kind === 'pass-fail' ? `${(amount * 100).toFixed(digits)} pp` : amount.toFixed(digits);
}

/** Two significant digits of the interval's width, so its ends differ; pass rates keep at least one decimal in pp. */
function decimals(interval: Interval, kind: 'pass-fail' | 'score'): number {
  const width = (interval.upper - interval.lower) * (kind === 'pass-fail' ? 100 : 1);
  const minimum = kind === 'pass-fail' ? 1 : 0;
  if (!(width > 0)) return Math.max(minimum, 2);
  return Math.min(6, Math.max(minimum, 1 - Math.floor(Math.log10(width))));
}

function formatPValue(pValue: number, comparisons: number): string {
  const shown = pValue < 0.001 ? 'p < 0.001' : `p = ${Number(pValue.toPrecision(2))}`;
  return comparisons > 1 ? `${shown}, Holm-corrected over ${comparisons} comparisons` : shown;
}
