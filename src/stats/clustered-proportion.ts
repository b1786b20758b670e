import { checkConfidence, checkInput } from './check-input.ts';
import type { Interval, PerTestOutcomes } from './interval.ts';
import { wilsonInterval } from './wilson-interval.ts';

/** A pass rate over repeated runs, with how much the repeats were worth. */
export interface ClusteredInterval extends Interval {
  /** Tests with at least one outcome: the independent units. */
  tests: number;
  /** All outcomes (tests × repeats). */
  observations: number;
  /** Independent observations the data is worth, between `tests` and `observations`. */
  effectiveSampleSize: number;
  /** observations / effectiveSampleSize: 1 when repeats are as good as new tests, k when they add nothing. */
  designEffect: number;
}

/**
 * Pass rate (mean of per-test pass rates) when each test is run several times. Repeats of one
 * test are correlated, so they are not independent trials: the test is the unit. The variance
 * of the mean of per-test rates gives an effective sample size (Kish's design effect), and the
 * Wilson interval is taken at that size (Korn & Graubard 1998), which keeps Wilson's good
 * behaviour near 0 and 1. With one run per test it is exactly the Wilson interval.
 * Outcomes may be any values in [0, 1] (e.g. graded scores).
 */
export function clusteredProportion(perTest: PerTestOutcomes, confidence = 0.95): ClusteredInterval {
  checkConfidence(confidence);
  let tests = 0;
  let observations = 0;
  let sumOfRates = 0;
  let sumOfSquaredRates = 0;
  for (const outcomes of perTest) {
    if (outcomes.length === 0) continue;
    let sum = 0;
    for (const outcome of outcomes) {
      checkInput(outcome >= 0 && outcome <= 1, `a proportion's outcomes must lie in [0, 1], got ${outcome}`);
      sum += outcome;
    }
    const rate = sum / outcomes.length;
    tests++;
    observations += outcomes.length;
    sumOfRates += rate;
    sumOfSquaredRates += rate * rate;
  }
  if (tests === 0)
    return {
      ...wilsonInterval(0, 0, confidence),
      tests,
      observations,
      effectiveSampleSize: 0,
      designEffect: 1,
    };
  const estimate = sumOfRates / tests;
  // Plug-in variance (divisor = tests): with one run per test it equals p(1 − p)/n, Wilson's own.
  const variance = Math.max(0, sumOfSquaredRates / tests - estimate * estimate) / tests;
  const binomialVariance = estimate * (1 - estimate);
  // All outcomes equal says nothing about the correlation; assume the worst (repeats add nothing).
  const effectiveSampleSize =
    variance > 0 ? Math.min(observations, Math.max(tests, binomialVariance / variance)) : tests;
  const interval = wilsonInterval(estimate * effectiveSampleSize, effectiveSampleSize, confidence);
  return {
    ...interval,
    estimate,
    tests,
    observations,
    effectiveSampleSize,
    designEffect: observations / effectiveSampleSize,
  };
}
