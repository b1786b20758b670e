import type { ResamplingOptions } from './bootstrap-mean-interval.ts';
import type { Interval, PerTestOutcomes } from './interval.ts';
import { pairedPassFail } from './paired-pass-fail.ts';
import { pairedScores } from './paired-scores.ts';
import { isPassFail, perTestMeans } from './per-test-means.ts';
import type { SampleSizeInput } from './required-sample-size.ts';

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
  /** B − A (pass rate as a proportion, or mean score), with its interval. */
  difference: Interval;
  pValue: number;
  method: PairedMethod;
  /** Cohen's d_z over per-test differences (0 when they do not vary). */
  effectSize: number;
  /** Tests only A passed and tests only B passed, when each test ran once. */
  discordant?: { aOnly: number; bOnly: number };
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
  const kind = passFail ? 'pass-fail' : 'score';
  // Repeats that all agree (a model at temperature 0, a cached answer) add nothing: such tests
  // are compared as if each had run once, so repeating identical outcomes changes no figure. The
  // bootstrap interval would not do: at 10 tests it covered the truth 78% of the time, Newcombe's 99%.
  if (passFail && (repeats <= 1 || (repeatsAgree(sharedA) && repeatsAgree(sharedB)))) {
    const result = pairedPassFail(
      sharedA.map((outcomes) => outcomes[0]!),
      sharedB.map((outcomes) => outcomes[0]!),
      { confidence: options.confidence, variant: options.variant },
    );
    const { aOnly, bOnly } = result.table;
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
      difference: result.difference,
      pValue: result.pValue,
      method: result.method,
      effectSize: variance > 0 ? result.difference.estimate / Math.sqrt(variance) : 0,
      discordant: { aOnly, bOnly },
      spread: { kind: 'pass-fail', discordance, difference: result.difference.estimate },
    };
  }
  const result = pairedScores(perTestMeans(sharedA), perTestMeans(sharedB), {
    ...options,
    method: options.scoreTest,
  });
  return {
    kind,
    tests: result.tests,
    repeats,
    difference: result.meanDifference,
    pValue: result.pValue,
    method: result.method,
    effectSize: result.effectSize,
    spread: {
      kind: 'score',
      standardDeviation: result.differenceStandardDeviation,
      difference: result.meanDifference.estimate,
    },
  };
}

/** Whether every test's outcomes are all the same. */
function repeatsAgree(perTest: readonly (readonly number[])[]): boolean {
  return perTest.every((outcomes) => outcomes.every((outcome) => outcome === outcomes[0]));
}
