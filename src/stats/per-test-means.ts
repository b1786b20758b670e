import type { PerTestOutcomes } from './interval.ts';

/** Each test's mean over its repeats, in a typed array; NaN for a test with no outcomes. */
export function perTestMeans(perTest: PerTestOutcomes): Float64Array {
  const means = new Float64Array(perTest.length);
  for (let test = 0; test < perTest.length; test++) {
    const outcomes = perTest[test]!;
    let sum = 0;
    for (const outcome of outcomes) sum += outcome;
    means[test] = outcomes.length > 0 ? sum / outcomes.length : Number.NaN;
  }
  return means;
}

/** True when every outcome is 0 or 1, so proportion methods (Wilson, McNemar) apply. */
export function isPassFail(perTest: PerTestOutcomes): boolean {
  return perTest.every((outcomes) => outcomes.every((outcome) => outcome === 0 || outcome === 1));
}
