import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from '../../src/stats/bootstrap-mean-interval.ts';
import { rate, report, Simulator } from './simulate.ts';

const skewed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 30];

describe('bootstrapMeanInterval', () => {
  it('is deterministic for a seed and moves a little with another seed', () => {
    const first = bootstrapMeanInterval(skewed, { seed: 1 });
    expect(bootstrapMeanInterval(skewed, { seed: 1 })).toEqual(first);
    const other = bootstrapMeanInterval(skewed, { seed: 2 });
    expect(other.lower).not.toBe(first.lower);
    expect(Math.abs(other.lower - first.lower)).toBeLessThan(0.5);
  });

  it('contains the mean, and BCa leans towards the long tail', () => {
    const percentile = bootstrapMeanInterval(skewed, { seed: 1 });
    const bca = bootstrapMeanInterval(skewed, { seed: 1, method: 'bca' });
    for (const interval of [percentile, bca]) {
      expect(interval.estimate).toBe(7.5);
      expect(interval.lower).toBeLessThan(7.5);
      expect(interval.upper).toBeGreaterThan(7.5);
    }
    expect(bca.method).toBe('bca');
    expect(bca.upper - 7.5).toBeGreaterThan(7.5 - bca.lower);
  });

  it('handles empty and constant samples without resampling', () => {
    const empty = bootstrapMeanInterval([]);
    expect([empty.estimate, empty.lower, empty.upper].every(Number.isNaN)).toBe(true);
    expect(bootstrapMeanInterval([0.4, 0.4, 0.4])).toMatchObject({ estimate: 0.4, lower: 0.4, upper: 0.4 });
  });

  it('uses the Student t interval above the large-sample threshold, and says so', () => {
    const values = Array.from({ length: 400 }, (_, index) => (index % 10) / 10);
    const large = bootstrapMeanInterval(values, { largeSampleThreshold: 100 });
    const resampled = bootstrapMeanInterval(values);
    expect(large.method).toBe('student-t');
    expect(large.lower).toBeCloseTo(resampled.lower, 2);
    expect(large.upper).toBeCloseTo(resampled.upper, 2);
  });

  it('rejects a bad confidence or too few resamples', () => {
    expect(() => bootstrapMeanInterval(skewed, { confidence: 95 })).toThrow(/confidence/);
    expect(() => bootstrapMeanInterval(skewed, { resamples: 10 })).toThrow(/resamples/);
  });

  it('covers the mean of skewed scores 93.5–96.5% of the time with 40 tests', () => {
    const simulator = new Simulator(11);
    const truth = 0.5 + 0.2;
    const coverage = rate(1500, (trial) => {
      const values = Array.from(
        { length: 40 },
        () => simulator.random.nextUnit() + simulator.exponential(0.2),
      );
      const interval = bootstrapMeanInterval(values, { seed: trial, resamples: 1000 });
      return interval.lower <= truth && truth <= interval.upper;
    });
    report('bootstrap mean interval coverage, 40 skewed scores', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.935);
    expect(coverage).toBeLessThanOrEqual(0.965);
  });
});
