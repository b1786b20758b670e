import { decide } from './decision.ts';
import type { Interval } from './interval.ts';

/** The fields of a comparison a verdict is written from. */
export interface VerdictInput {
  a: string;
  b: string;
  kind: 'pass-fail' | 'score';
  tests: number;
  /** B − A with its unadjusted interval. */
  difference: Interval;
  /**
   * B − A with its interval at the level the correction decided this comparison at (see
   * holmLevels): the decision interval, the one the verdict shows. Default: `difference`, right
   * for a single comparison.
   */
  adjustedDifference?: Interval;
  adjustedPValue: number;
  comparisons: number;
  /** Family-wise significance level; default 0.05. */
  alpha?: number;
  sampleSize?: { difference: number; power: number; tests: number; moreTests: number };
}

/**
 * One sentence a person can act on: who wins, by how much with its interval, and the
 * corrected p-value; or that this sample cannot tell, and how many tests it would take. Pass
 * rates are in percentage points (pp). The interval shown is the decision interval, at the
 * corrected level (named when it is not 95%), so a verdict never pairs "no significant
 * difference" with an interval that excludes 0, nor a winner with one that holds 0: where the
 * p-value and the interval disagree (they come from different methods), it says so in words.
 */
export function formatVerdict(comparison: VerdictInput): string {
  const { a, b } = comparison;
  if (comparison.tests === 0)
    return `${a} and ${b} have no test with outcomes on both sides: nothing to compare`;
  const alpha = comparison.alpha ?? 0.05;
  const difference = comparison.adjustedDifference ?? comparison.difference;
  const evidence = formatPValue(comparison.adjustedPValue, comparison.comparisons, alpha);
  const level = levelNote(difference);
  const decision = decide(comparison.adjustedPValue, alpha, difference);
  if (decision === 'significant') {
    const bWins = difference.estimate > 0;
    // State the winner's advantage as a positive number, flipping the interval with it.
    const shown = bWins ? difference : flip(difference);
    return `${bWins ? b : a} beats ${bWins ? a : b}: ${formatDifference(shown, comparison.kind)}${level}, ${evidence}`;
  }
  const observed = `${b} - ${a}: ${formatDifference(difference, comparison.kind)}${level}`;
  const verdict =
    decision === 'not-significant'
      ? `No significant difference between ${a} and ${b} at this sample size (${observed}, ${evidence})`
      : borderline(a, b, observed, evidence, comparison.adjustedPValue <= alpha, alpha);
  const advice = comparison.sampleSize;
  if (advice === undefined || advice.moreTests === 0) return verdict;
  const target = formatAmount(advice.difference, comparison.kind, difference);
  const power = Math.round(advice.power * 100);
  return `${verdict}; detecting a difference of ${target} with ${power}% power would take about ${advice.tests.toLocaleString('en-US')} tests (${advice.moreTests.toLocaleString('en-US')} more)`;
}

/** The test and the interval disagree: both are stated, and no winner is named. */
function borderline(
  a: string,
  b: string,
  observed: string,
  evidence: string,
  testRejects: boolean,
  alpha: number,
): string {
  const why = testRejects
    ? `the p-value is at most ${alpha} (${evidence}) but the interval includes 0`
    : `the interval excludes 0 but the p-value is above ${alpha} (${evidence})`;
  return `Borderline between ${a} and ${b}, no winner declared (${observed}): ${why}; the test and the interval, two methods, disagree at the threshold`;
}

function flip(difference: Interval): Interval {
  return {
    ...difference,
    estimate: -difference.estimate,
    lower: -difference.upper,
    upper: -difference.lower,
  };
}

/** " at 98.3%" when the interval is not the usual 95% one. */
function levelNote(interval: Interval): string {
  if (Math.abs(interval.confidence - 0.95) < 1e-12) return '';
  return ` (${formatLevel(interval.confidence)}% interval)`;
}

/** A confidence level in percent with enough decimals to tell it from 100: 98.3, 99.17, 99.95. */
export function formatLevel(confidence: number): string {
  const tail = (1 - confidence) * 100;
  const digits = Math.min(4, Math.max(1, 1 - Math.floor(Math.log10(tail))));
  return String(Number((100 - tail).toFixed(digits)));
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
  const scale = kind === 'pass-fail' ? 100 : 1;
  const width = (interval.upper - interval.lower) * scale;
  const minimum = kind === 'pass-fail' ? 1 : 0;
  // A width of rounding error is no width: all the resampled means were the same.
  const size = Math.max(Math.abs(interval.lower), Math.abs(interval.upper)) * scale;
  if (!(width > 1e-9 * Math.max(1, size))) return Math.max(minimum, 2);
  return Math.min(6, Math.max(minimum, 1 - Math.floor(Math.log10(width))));
}

/** Two significant digits, or three where two would round it onto α (0.0504 is not "p = 0.05"). */
function formatPValue(pValue: number, comparisons: number, alpha: number): string {
  const rounded = Number(pValue.toPrecision(2));
  const digits = rounded === alpha && pValue !== alpha ? 3 : 2;
  const shown = pValue < 0.001 ? 'p < 0.001' : `p = ${Number(pValue.toPrecision(digits))}`;
  return comparisons > 1 ? `${shown}, Holm-corrected over ${comparisons} comparisons` : shown;
}
