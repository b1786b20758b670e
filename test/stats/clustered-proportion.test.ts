import { describe, expect, it } from 'vitest';
import { clusteredProportion } from '../../src/stats/clustered-proportion.ts';
import { wilsonInterval } from '../../src/stats/wilson-interval.ts';
import { MIXTURE_MEAN, rate, report, Simulator } from './simulate.ts';

describe('clusteredProportion', () => {
  it('is exactly the Wilson interval when each test runs once', () => {
    const perTest = Array.from({ length: 263 }, (_, index) => [index < 81 ? 1 : 0]);
    const clustered = clusteredProportion(perTest);
    const wilson = wilsonInterval(81, 263);
    expect(clustered.lower).toBeCloseTo(wilson.lower, 10);
    expect(clustered.upper).toBeCloseTo(wilson.upper, 10);
    expect(clustered.effectiveSampleSize).toBeCloseTo(263, 8);
    expect(clustered.designEffect).toBeCloseTo(1, 8);
  });

  it('counts a test repeated identically as one observation', () => {
    const once = Array.from({ length: 50 }, (_, index) => [index % 5 === 0 ? 0 : 1]);
    const fiveTimes = once.map((outcomes) => Array(5).fill(outcomes[0]));
    const clustered = clusteredProportion(fiveTimes);
    expect(clustered.observations).toBe(250);
    expect(clustered.effectiveSampleSize).toBeCloseTo(50, 8);
    expect(clustered.designEffect).toBeCloseTo(5, 8);
    expect(clustered.lower).toBeCloseTo(clusteredProportion(once).lower, 10);
  });

  it('weighs each test equally, skips tests without outcomes, and treats all-equal as uninformative', () => {
    const interval = clusteredProportion([[1, 1, 1, 1], [0], []]);
    expect(interval.estimate).toBe(0.5);
    expect(interval.tests).toBe(2);
    const allPass = clusteredProportion([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(allPass.effectiveSampleSize).toBe(2);
    expect(allPass.upper).toBe(1);
    expect(() => clusteredProportion([[2]])).toThrow(/\[0, 1\]/);
  });

  for (const [tests, repeats] of [
    [30, 5],
    [50, 5],
    [100, 3],
    [40, 10],
  ] as const) {
    it(`covers the pass rate 93.5–96.5% of the time with ${tests} tests × ${repeats} repeats, where pooling fails`, () => {
      const simulator = new Simulator(tests * 100 + repeats);
      let naiveCovered = 0;
      const coverage = rate(2000, () => {
        const perTest = Array.from({ length: tests }, () =>
          simulator.runs(simulator.testProbability(), repeats),
        );
        const passes = perTest.flat().reduce((sum, outcome) => sum + outcome, 0);
        const naive = wilsonInterval(passes, tests * repeats);
        if (naive.lower <= MIXTURE_MEAN && MIXTURE_MEAN <= naive.upper) naiveCovered++;
        const interval = clusteredProportion(perTest);
        return interval.lower <= MIXTURE_MEAN && MIXTURE_MEAN <= interval.upper;
      });
      report(`clustered Wilson coverage, ${tests} tests × ${repeats} repeats`, coverage);
      report(`pooled Wilson coverage, ${tests} tests × ${repeats} repeats`, naiveCovered / 2000);
      expect(coverage).toBeGreaterThanOrEqual(0.935);
      expect(coverage).toBeLessThanOrEqual(0.965);
      // Treating repeats as independent tests is what this function exists to avoid.
      expect(naiveCovered / 2000).toBeLessThan(0.85);
    });
  }
});
