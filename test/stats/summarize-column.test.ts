import { describe, expect, it } from 'vitest';
import { flakyTests } from '../../src/stats/flaky-tests.ts';
import { summarizeColumn } from '../../src/stats/summarize-column.ts';
import { wilsonInterval } from '../../src/stats/wilson-interval.ts';

describe('flakyTests', () => {
  it('lists the tests whose outcome changed between repeats', () => {
    expect(flakyTests([[1, 1, 1], [1, 0, 1], [0], [], [0.5, 0.5], [0.5, 0.7]])).toEqual([1, 5]);
  });
});

describe('summarizeColumn', () => {
  it('gives a Wilson pass rate for single runs', () => {
    const perTest = Array.from({ length: 263 }, (_, test) => [test < 81 ? 1 : 0]);
    const summary = summarizeColumn(perTest);
    const wilson = wilsonInterval(81, 263);
    expect(summary).toMatchObject({
      kind: 'pass-fail',
      tests: 263,
      observations: 263,
      repeats: 1,
      flaky: [],
    });
    expect(summary.estimate.method).toBe('wilson');
    expect(summary.estimate.lower).toBeCloseTo(wilson.lower, 10);
    expect(summary.estimate.upper).toBeCloseTo(wilson.upper, 10);
  });

  it('clusters repeats by test and lists the flaky ones', () => {
    const perTest = [[1, 1, 1], [0, 0, 0], [1, 0, 1], [1, 1, 0], []];
    const summary = summarizeColumn(perTest);
    expect(summary).toMatchObject({
      kind: 'pass-fail',
      tests: 4,
      observations: 12,
      repeats: 3,
      flaky: [2, 3],
    });
    expect(summary.estimate.method).toBe('clustered-wilson');
    expect(summary.estimate.estimate).toBeCloseTo((1 + 0 + 2 / 3 + 2 / 3) / 4, 12);
  });

  it('gives a cluster-bootstrap mean for scores, seeded', () => {
    const perTest = Array.from({ length: 25 }, (_, test) => [test / 25, test / 25 + 0.02]);
    const summary = summarizeColumn(perTest, { seed: 3 });
    expect(summary.kind).toBe('score');
    expect(summary.estimate.method).toBe('percentile');
    expect(summary.estimate.estimate).toBeCloseTo(0.49, 12);
    expect(summary.estimate.lower).toBeLessThan(0.49);
    expect(summary.estimate.upper).toBeGreaterThan(0.49);
    expect(summarizeColumn(perTest, { seed: 3 })).toEqual(summary);
  });
});
