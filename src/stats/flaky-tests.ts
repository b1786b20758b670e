import type { PerTestOutcomes } from './interval.ts';

/** Indices of tests whose outcome changed between repeats (a pass and a fail, or unequal scores). */
export function flakyTests(perTest: PerTestOutcomes): number[] {
  const flaky: number[] = [];
  for (let test = 0; test < perTest.length; test++) {
    const outcomes = perTest[test]!;
    const first = outcomes[0];
    if (outcomes.some((outcome) => outcome !== first)) flaky.push(test);
  }
  return flaky;
}
