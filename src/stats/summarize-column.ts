import { type BootstrapOptions, bootstrapMeanInterval } from './bootstrap-mean-interval.ts';
import { clusteredProportion } from './clustered-proportion.ts';
import { flakyTests } from './flaky-tests.ts';
import type { Interval, PerTestOutcomes } from './interval.ts';
import { isPassFail, perTestMeans } from './per-test-means.ts';

/** What one column (a prompt or a model) scored overall, with its uncertainty. */
export interface ColumnSummary {
  kind: 'pass-fail' | 'score';
  /** Tests with at least one outcome. */
  tests: number;
  /** All outcomes, repeats included. */
  observations: number;
  /** Most repeats of any test. */
  repeats: number;
  /** Pass rate or mean score: the mean of per-test means, so each test weighs the same. */
  estimate: Interval & { method: 'wilson' | 'clustered-wilson' | 'bca' | 'percentile' | 'student-t' };
  /** Tests whose outcome changed between repeats. */
  flaky: number[];
}

/**
 * Pass rate with a Wilson interval (clustered over tests when there are repeats), or mean score
 * with a bootstrap interval that resamples whole tests (a cluster bootstrap), never single runs.
 */
export function summarizeColumn(perTest: PerTestOutcomes, options: BootstrapOptions = {}): ColumnSummary {
  const present = perTest.filter((outcomes) => outcomes.length > 0);
  const repeats = present.reduce((most, outcomes) => Math.max(most, outcomes.length), 0);
  const observations = present.reduce((total, outcomes) => total + outcomes.length, 0);
  const flaky = flakyTests(perTest);
  if (isPassFail(present)) {
    const interval = clusteredProportion(present, options.confidence);
    const { estimate, lower, upper, confidence } = interval;
    const method = repeats > 1 ? 'clustered-wilson' : 'wilson';
    return {
      kind: 'pass-fail',
      tests: present.length,
      observations,
      repeats,
      estimate: { estimate, lower, upper, confidence, method },
      flaky,
    };
  }
  const estimate = bootstrapMeanInterval(perTestMeans(present), options);
  return { kind: 'score', tests: present.length, observations, repeats, estimate, flaky };
}
