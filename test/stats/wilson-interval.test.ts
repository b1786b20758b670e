import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/stats/wilson-interval.ts';
import { rate, report, Simulator } from './simulate.ts';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('matches Newcombe 1998 for %i/%i', (successes, trials, lower, upper) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.estimate).toBeCloseTo(successes / trials, 12);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('is symmetric in successes and failures and stays inside [0, 1]', () => {
    const low = wilsonInterval(3, 40);
    const high = wilsonInterval(37, 40);
    expect(high.lower).toBeCloseTo(1 - low.upper, 12);
    expect(wilsonInterval(40, 40).upper).toBe(1);
    expect(wilsonInterval(0, 40).lower).toBe(0);
  });

  it('widens with the confidence level', () => {
    const narrow = wilsonInterval(30, 100, 0.8);
    const wide = wilsonInterval(30, 100, 0.99);
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
  });

  it('says nothing without trials and rejects impossible inputs', () => {
    const empty = wilsonInterval(0, 0);
    expect(empty.estimate).toBeNaN();
    expect([empty.lower, empty.upper]).toEqual([0, 1]);
    expect(() => wilsonInterval(5, 4)).toThrow(/between 0 and trials/);
    expect(() => wilsonInterval(1, 4, 95)).toThrow(/confidence/);
  });

  it('covers the truth 93.5–96.5% of the time, computed exactly from the binomial', () => {
    for (const trials of [50, 100, 263]) {
      for (const truth of [0.2, 0.3, 0.5, 0.7, 0.8]) {
        let coverage = 0;
        for (let successes = 0; successes <= trials; successes++) {
          const interval = wilsonInterval(successes, trials);
          if (interval.lower <= truth && truth <= interval.upper)
            coverage += binomialPmf(successes, trials, truth);
        }
        expect(coverage, `n = ${trials}, p = ${truth}`).toBeGreaterThanOrEqual(0.935);
        expect(coverage, `n = ${trials}, p = ${truth}`).toBeLessThanOrEqual(0.965);
      }
    }
  });

  it('covers the truth 93.5–96.5% of the time in 4,000 simulated suites of 100 tests', () => {
    const simulator = new Simulator(1);
    const coverage = rate(4000, () => {
      const truth = 0.1 + 0.8 * simulator.random.nextUnit();
      let successes = 0;
      for (let test = 0; test < 100; test++) successes += simulator.bernoulli(truth);
      const interval = wilsonInterval(successes, 100);
      return interval.lower <= truth && truth <= interval.upper;
    });
    report('Wilson coverage, 100 tests, p uniform on [0.1, 0.9]', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.935);
    expect(coverage).toBeLessThanOrEqual(0.965);
  });
});
