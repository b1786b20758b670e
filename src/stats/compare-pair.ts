import {
  type BootstrapInterval,
  bootstrapMeanInterval,
  type ResamplingOptions,
} from './bootstrap-mean-interval.ts';
import { clusteredProportion } from './clustered-proportion.ts';
import type { Interval, PerTestOutcomes } from './interval.ts';
import { newcombePairedInterval, type PairedTable } from './newcombe-paired-interval.ts';
import { pairedPassFail } from './paired-pass-fail.ts';
import { pairedDifferenceInterval, pairedScores } from './paired-scores.ts';
import { isPassFail, perTestMeans } from './per-test-means.ts';
import { RandomSource } from './random-source.ts';
import type { SampleSizeInput } from './required-sample-size.ts';
import type { ColumnSummary } from './summarize-column.ts';
import { wilsonInterval } from './wilson-interval.ts';

/** Which test produced a comparison's p-value. */
export type PairedMethod =
  | 'mcnemar-mid-p'
  | 'mcnemar-exact'
  | 'sign-flip-exact'
  | 'sign-flip-monte-carlo'
  | 'sign-flip-normal'
  | 'bootstrap';

/** Options of {@link comparePair}. */
export interface ComparePairOptions extends ResamplingOptions {
  /** p-value variant of McNemar and of sign flips: 'mid-p' (default) or 'exact' (conservative). */
  variant?: 'mid-p' | 'exact';
  /** p-value method otherwise; default 'permutation' (sign flips over tests). */
  scoreTest?: 'permutation' | 'bootstrap';
}

/** One paired comparison before multiple-comparison correction. */
export interface PairResult {
  kind: 'pass-fail' | 'score';
  /** Tests where both sides have at least one outcome; the others are left out. */
  tests: number;
  /** Most repeats of any shared test on either side. */
  repeats: number;
  /** A's and B's pass rate (or mean score) over the shared tests, each with its interval. */
  estimateA: ColumnSummary['estimate'];
  estimateB: ColumnSummary['estimate'];
  /** B − A (pass rate as a proportion, or mean score), with its interval (unadjusted). */
  difference: Interval;
  pValue: number;
  method: PairedMethod;
  /** How `difference`'s interval was made: Newcombe's paired interval, or a bootstrap over tests. */
  intervalMethod: 'newcombe' | 'bootstrap-percentile' | 'bootstrap-bca' | 'student-t';
  /** Cohen's d_z over per-test differences (0 when they do not vary). */
  effectSize: number;
  /** Tests only A passed and tests only B passed, when each test ran once. */
  discordant?: { aOnly: number; bOnly: number };
  /** The paired 2×2 table, when each test ran once: what Newcombe's interval is taken from. */
  table?: PairedTable;
  /** What a sample-size calculation needs from the observed data. */
  spread: Exclude<SampleSizeInput, { kind: 'two-proportions' }>;
}

/**
 * Compares two columns on the tests both have. Pass/fail run once per test, or repeated with
 * every repeat of a test agreeing: McNemar's exact binomial test (mid-p by default) and Newcombe's
 * interval. Repeats that differ, or scores: each test's mean is the unit, compared by sign flips
 * with a paired bootstrap interval, so repeats never count as extra independent tests.
 */
export function comparePair(
  a: PerTestOutcomes,
  b: PerTestOutcomes,
  options: ComparePairOptions = {},
): PairResult {
  const { sharedA, sharedB, repeats, kind, onceEach } = sharedTests(a, b);
  if (onceEach) {
    const result = pairedPassFail(firstOutcomes(sharedA), firstOutcomes(sharedB), {
      confidence: options.confidence,
      variant: options.variant,
    });
    const { bothPass, aOnly, bOnly } = result.table;
    // Each side's Wilson interval as single runs too, so repeating identical outcomes changes no figure.
    const confidence = options.confidence ?? 0.95;
    const sides = {
      estimateA: { ...wilsonInterval(bothPass + aOnly, result.tests, confidence), method: 'wilson' as const },
      estimateB: { ...wilsonInterval(bothPass + bOnly, result.tests, confidence), method: 'wilson' as const },
    };
    const discordance = result.discordance;
    // Sample variance of the ±1/0 per-test differences, as d_z uses for scores.
    const variance =
      result.tests > 1
        ? ((discordance - result.difference.estimate ** 2) * result.tests) / (result.tests - 1)
        : 0;
    return {
      kind,
      tests: result.tests,
      repeats,
      ...sides,
      difference: result.difference,
      pValue: result.pValue,
      method: result.method,
      intervalMethod: 'newcombe',
      effectSize: variance > 0 ? result.difference.estimate / Math.sqrt(variance) : 0,
      discordant: { aOnly, bOnly },
      table: result.table,
      spread: { kind: 'pass-fail', discordance, difference: result.difference.estimate },
    };
  }
  const sides = sideEstimates(sharedA, sharedB, kind, options);
  const result = pairedScores(perTestMeans(sharedA), perTestMeans(sharedB), {
    ...options,
    method: options.scoreTest,
  });
  return {
    kind,
    tests: result.tests,
    repeats,
    ...sides,
    difference: result.meanDifference,
    pValue: result.pValue,
    method: result.method,
    intervalMethod: bootstrapMethod(result.meanDifference),
    effectSize: result.effectSize,
    spread: {
      kind: 'score',
      standardDeviation: result.differenceStandardDeviation,
      difference: result.meanDifference.estimate,
    },
  };
}

/**
 * The interval of B − A that {@link comparePair} gives, alone and at `options.confidence`: the
 * same method on the same tests, with the same random stream (a bootstrap's resamples are the
 * same ones), so only the level differs. Holm's correction asks for the interval at the level
 * its step tested the pair at (see compareAll).
 */
export function comparePairInterval(
  a: PerTestOutcomes,
  b: PerTestOutcomes,
  options: ComparePairOptions = {},
  known?: PairResult,
): Interval {
  // The pair's table, when comparePair made one, is all Newcombe's interval needs.
  if (known?.table !== undefined) return newcombePairedInterval(known.table, options.confidence);
  const { sharedA, sharedB, onceEach } = sharedTests(a, b);
  if (onceEach) {
    return pairedPassFail(firstOutcomes(sharedA), firstOutcomes(sharedB), {
      confidence: options.confidence,
      variant: options.variant,
    }).difference;
  }
  return pairedDifferenceInterval(perTestMeans(sharedA), perTestMeans(sharedB), options);
}

/** The tests both columns have, and whether they are compared as single pass/fail runs. */
function sharedTests(
  a: PerTestOutcomes,
  b: PerTestOutcomes,
): {
  sharedA: PerTestOutcomes;
  sharedB: PerTestOutcomes;
  repeats: number;
  kind: PairResult['kind'];
  onceEach: boolean;
} {
  const shared: number[] = [];
  let repeats = 0;
  for (let test = 0; test < Math.min(a.length, b.length); test++) {
    const runsA = a[test]!.length;
    const runsB = b[test]!.length;
    if (runsA === 0 || runsB === 0) continue;
    shared.push(test);
    repeats = Math.max(repeats, runsA, runsB);
  }
  const sharedA = shared.map((test) => a[test]!);
  const sharedB = shared.map((test) => b[test]!);
  const passFail = isPassFail(sharedA) && isPassFail(sharedB);
  // Repeats that all agree (a model at temperature 0, a cached answer) add nothing: such tests
  // are compared as if each had run once, so repeating identical outcomes changes no figure. The
  // bootstrap interval would not do: at 10 tests it covered the truth 78% of the time, Newcombe's 99%.
  const onceEach = passFail && (repeats <= 1 || (repeatsAgree(sharedA) && repeatsAgree(sharedB)));
  return { sharedA, sharedB, repeats, kind: passFail ? 'pass-fail' : 'score', onceEach };
}

function firstOutcomes(perTest: PerTestOutcomes): number[] {
  return perTest.map((outcomes) => outcomes[0]!);
}

/**
 * Each side's pass rate (or mean score) over the shared tests (none empty), by the methods
 * summarizeColumn states a column's with: clustered Wilson for pass/fail with repeats, the
 * bootstrap over tests for scores. Called directly: summarizeColumn's flaky-test scan took twice
 * as long as the comparison itself.
 */
function sideEstimates(
  sharedA: PerTestOutcomes,
  sharedB: PerTestOutcomes,
  kind: PairResult['kind'],
  options: ComparePairOptions,
): Pick<PairResult, 'estimateA' | 'estimateB'> {
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  const estimate = (perTest: PerTestOutcomes, stream: number): ColumnSummary['estimate'] => {
    if (kind === 'pass-fail') {
      const { estimate: value, lower, upper } = clusteredProportion(perTest, confidence);
      const repeated = perTest.some((outcomes) => outcomes.length > 1);
      return { estimate: value, lower, upper, confidence, method: repeated ? 'clustered-wilson' : 'wilson' };
    }
    return bootstrapMeanInterval(perTestMeans(perTest), {
      confidence,
      resamples: options.resamples,
      largeSampleThreshold: options.largeSampleThreshold,
      seed: RandomSource.derive(seed, stream),
    });
  };
  return { estimateA: estimate(sharedA, 2), estimateB: estimate(sharedB, 3) };
}

function bootstrapMethod(interval: BootstrapInterval): PairResult['intervalMethod'] {
  return interval.method === 'student-t' ? 'student-t' : `bootstrap-${interval.method}`;
}

/** Whether every test's outcomes are all the same. */
function repeatsAgree(perTest: readonly (readonly number[])[]): boolean {
  return perTest.every((outcomes) => outcomes.every((outcome) => outcome === outcomes[0]));
}
