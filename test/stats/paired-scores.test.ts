import { describe, expect, it } from 'vitest';
import { comparePair } from '../../src/stats/compare-pair.ts';
import { pairedScores } from '../../src/stats/paired-scores.ts';
import { rate, report, SHIFTED_PAIR_DIFFERENCE, Simulator } from './simulate.ts';

describe('pairedScores', () => {
  it('reports the mean difference, its interval, d_z and a small p-value for a clear shift', () => {
    const a = Array.from({ length: 30 }, (_, index) => (index % 10) / 10);
    const b = a.map((value, index) => value + 0.1 + ((index % 3) - 1) * 0.05);
    const result = pairedScores(a, b, { seed: 4 });
    expect(result.meanDifference.estimate).toBeCloseTo(0.1, 10);
    expect(result.meanDifference.lower).toBeGreaterThan(0.07);
    expect(result.meanDifference.upper).toBeLessThan(0.13);
    expect(result.pValue).toBeLessThan(0.001);
    expect(result.effectSize).toBeCloseTo(0.1 / result.differenceStandardDeviation, 10);
    expect(result.method).toBe('sign-flip-monte-carlo');
    expect(pairedScores(a, b, { seed: 4 })).toEqual(result);
  });

  it('finds nothing when the two sides are the same, and rejects misaligned input', () => {
    const same = pairedScores([0.2, 0.5, 0.9], [0.2, 0.5, 0.9]);
    expect(same.pValue).toBe(1);
    expect(same.effectSize).toBe(0);
    expect(() => pairedScores([1, 2], [1])).toThrow(/same tests/);
  });

  it('keeps the score test at α: false-positive rate in [0.03, 0.07] over 2,000 suites of 40 skewed scores', () => {
    const simulator = new Simulator(21);
    const falsePositives = rate(2000, (trial) => {
      const base = Array.from({ length: 40 }, () => simulator.random.nextUnit());
      const a = base.map((value) => value + simulator.exponential(0.2));
      const b = base.map((value) => value + simulator.exponential(0.2));
      return pairedScores(a, b, { seed: trial, resamples: 300 }).pValue <= 0.05;
    });
    report('sign-flip false-positive rate, 40 skewed scores', falsePositives);
    expect(falsePositives).toBeGreaterThanOrEqual(0.03);
    expect(falsePositives).toBeLessThanOrEqual(0.07);
  });

  it('covers the true mean difference of skewed scores 93.5–96.5% of the time (1,500 suites of 40 tests)', () => {
    const simulator = new Simulator(22);
    // B − A = 0.1 + (0.3 − 0.2) in expectation.
    const truth = 0.2;
    const coverage = rate(1500, (trial) => {
      const base = Array.from({ length: 40 }, () => simulator.random.nextUnit());
      const a = base.map((value) => value + simulator.exponential(0.2));
      const b = base.map((value) => value + 0.1 + simulator.exponential(0.3));
      const { meanDifference } = pairedScores(a, b, { seed: trial, resamples: 1000 });
      return meanDifference.lower <= truth && truth <= meanDifference.upper;
    });
    report('paired bootstrap interval coverage, 40 skewed scores', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.935);
    expect(coverage).toBeLessThanOrEqual(0.965);
  });
});

describe('comparePair with repeats (the test is the unit)', () => {
  it('keeps the false-positive rate in [0.03, 0.07]: 2,000 pass/fail suites of 60 tests × 3 repeats', () => {
    const simulator = new Simulator(31);
    const falsePositives = rate(2000, (trial) => {
      const a: number[][] = [];
      const b: number[][] = [];
      for (let test = 0; test < 60; test++) {
        const probability = simulator.testProbability();
        a.push(simulator.runs(probability, 3));
        b.push(simulator.runs(probability, 3));
      }
      const result = comparePair(a, b, { seed: trial, resamples: 300 });
      return result.pValue <= 0.05;
    });
    report('comparePair false-positive rate, 60 tests × 3 repeats', falsePositives);
    expect(falsePositives).toBeGreaterThanOrEqual(0.03);
    expect(falsePositives).toBeLessThanOrEqual(0.07);
  });

  it('covers the true difference in pass rates 93.5–96.5% of the time (1,500 suites, 60 tests × 3 repeats)', () => {
    const simulator = new Simulator(32);
    const coverage = rate(1500, (trial) => {
      const a: number[][] = [];
      const b: number[][] = [];
      for (let test = 0; test < 60; test++) {
        const [probabilityA, probabilityB] = simulator.shiftedPair();
        a.push(simulator.runs(probabilityA, 3));
        b.push(simulator.runs(probabilityB, 3));
      }
      const { difference, method } = comparePair(a, b, { seed: trial, resamples: 1000 });
      expect(method).toMatch(/^sign-flip/);
      return difference.lower <= SHIFTED_PAIR_DIFFERENCE && SHIFTED_PAIR_DIFFERENCE <= difference.upper;
    });
    report('comparePair interval coverage, 60 tests × 3 repeats', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.935);
    expect(coverage).toBeLessThanOrEqual(0.965);
  });
});

describe('comparePair with repeats that all agree', () => {
  // A test at temperature 0, or answered from the cache: its repeats pass or fail together.
  function deterministicSuite(
    simulator: Simulator,
    tests: number,
    repeats: number,
  ): [number[][], number[][]] {
    const a: number[][] = [];
    const b: number[][] = [];
    for (let test = 0; test < tests; test++) {
      const draw = simulator.random.nextUnit();
      // Both pass 40%, only B 15%, only A 5%, neither 40%: B − A = 0.10.
      const [passA, passB] = draw < 0.4 ? [1, 1] : draw < 0.55 ? [0, 1] : draw < 0.6 ? [1, 0] : [0, 0];
      a.push(Array.from({ length: repeats }, () => passA));
      b.push(Array.from({ length: repeats }, () => passB));
    }
    return [a, b];
  }

  it('gives exactly the figures of the same tests run once', () => {
    const [a, b] = deterministicSuite(new Simulator(41), 12, 3);
    const repeated = comparePair(a, b, { seed: 3 });
    const once = comparePair(
      a.map((outcomes) => outcomes.slice(0, 1)),
      b.map((outcomes) => outcomes.slice(0, 1)),
      { seed: 3 },
    );
    expect(repeated.repeats).toBe(3);
    expect(repeated.method).toBe('mcnemar-mid-p');
    expect({ ...repeated, repeats: 1 }).toEqual(once);
  });

  it('compares by per-test means again as soon as one repeat differs', () => {
    const [a, b] = deterministicSuite(new Simulator(41), 12, 3);
    b[0] = [1, 0, 1];
    expect(comparePair(a, b, { seed: 3 }).method).toMatch(/^sign-flip/);
  });

  it('covers the true difference at least 93.5% of the time at 10 tests and 93.5–96.5% at 40 (2,000 suites each, 3 repeats)', () => {
    const simulator = new Simulator(52);
    for (const [tests, lowest, highest] of [
      [10, 0.935, 1],
      [40, 0.935, 0.965],
    ] as const) {
      const coverage = rate(2000, (trial) => {
        const [a, b] = deterministicSuite(simulator, tests, 3);
        const { difference } = comparePair(a, b, { seed: trial });
        return difference.lower <= 0.1 && 0.1 <= difference.upper;
      });
      report(`comparePair interval coverage, ${tests} tests × 3 agreeing repeats`, coverage);
      expect(coverage).toBeGreaterThanOrEqual(lowest);
      expect(coverage).toBeLessThanOrEqual(highest);
    }
  });
});
