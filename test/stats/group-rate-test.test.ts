import { describe, expect, it } from 'vitest';
import { blockedRateTest } from '../../src/stats/blocked-rate-test.ts';
import { chiSquareUpperTail } from '../../src/stats/chi-square-tail.ts';
import { fisherExact } from '../../src/stats/fisher-exact.ts';
import { groupRateTest } from '../../src/stats/group-rate-test.ts';
import { requiredSampleSize } from '../../src/stats/required-sample-size.ts';
import { Simulator } from './simulate.ts';

const ones = (count: number) => new Array<number>(count).fill(1);
const zeros = (count: number) => new Array<number>(count).fill(0);

describe('chiSquareUpperTail', () => {
  it('gives the 5% critical values of χ² tables for odd and even degrees of freedom', () => {
    for (const [statistic, df] of [
      [3.841459, 1],
      [5.991465, 2],
      [7.814728, 3],
      [11.0705, 5],
      [30.14353, 19],
    ] as const) {
      expect(chiSquareUpperTail(statistic, df)).toBeCloseTo(0.05, 6);
    }
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(1e5, 3)).toBe(0);
  });
});

describe('fisherExact', () => {
  it("matches R's fisher.test on small tables", () => {
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.4857143, 6);
    expect(fisherExact(1, 9, 11, 3)).toBeCloseTo(0.002759456, 8);
    expect(fisherExact(5, 5, 5, 5)).toBeCloseTo(1, 9);
  });
});

describe('groupRateTest', () => {
  it("uses Pearson's χ² when every group expects five passes and fails", () => {
    // 30/50 against 20/50: X² = 4 exactly, p = 0.0455 (R: chisq.test(correct = FALSE)).
    const result = groupRateTest([
      [...ones(30), ...zeros(20)],
      [...ones(20), ...zeros(30)],
    ])!;
    expect(result.method).toBe('chi-square');
    expect(result.statistic).toBeCloseTo(4, 9);
    expect(result.pValue).toBeCloseTo(0.0455003, 6);
  });

  it("falls back to Fisher's exact test for two small groups, and Monte Carlo for more", () => {
    expect(
      groupRateTest([
        [1, 1, 1, 0],
        [0, 0, 0, 1],
      ]),
    ).toMatchObject({ method: 'fisher-exact' });
    const three = groupRateTest([ones(6), zeros(6), [1, 0, 1, 0, 1, 0]], { seed: 3 })!;
    expect(three.method).toBe('monte-carlo-exact');
    expect(three.resamples).toBe(10_000);
    // The exact (Freeman–Halton) p-value of this table is about 0.0004.
    expect(three.pValue).toBeLessThan(0.002);
    expect(groupRateTest([ones(6), zeros(6), [1, 0, 1, 0, 1, 0]], { seed: 3 })!.pValue).toBe(three.pValue);
  });

  it('says nothing differs when every test agrees, and needs two groups', () => {
    expect(groupRateTest([ones(10), ones(10)])).toMatchObject({ pValue: 1, statistic: 0 });
    expect(groupRateTest([ones(10), []])).toBeUndefined();
  });

  it('rejects at no more than the nominal rate when nothing differs (repeated seeds)', () => {
    for (const size of [8, 40, 200]) {
      let rejected = 0;
      const trials = 400;
      for (let seed = 0; seed < trials; seed++) {
        const simulator = new Simulator(seed);
        const groups = [0, 1, 2].map(() => Array.from({ length: size }, () => simulator.bernoulli(0.7)));
        if (groupRateTest(groups, { seed, resamples: 500 })!.pValue < 0.05) rejected++;
      }
      // 5% of 400 is 20; binomial sd 4.4: above 31 would be a real excess.
      expect(rejected, `${size} tests a group`).toBeLessThanOrEqual(31);
    }
  });

  it('finds a planted 25-point gap between two of three groups of 150 tests', () => {
    let found = 0;
    for (let seed = 0; seed < 50; seed++) {
      const simulator = new Simulator(seed);
      const groups = [0.8, 0.8, 0.55].map((rate) =>
        Array.from({ length: 150 }, () => simulator.bernoulli(rate)),
      );
      if (groupRateTest(groups)!.pValue < 0.05) found++;
    }
    expect(found).toBeGreaterThanOrEqual(47);
  });
});

describe('blockedRateTest', () => {
  it("uses McNemar's exact test on two groups of 0/1 outcomes", () => {
    // Discordant blocks 3 against 0: 2·(½)³ = 0.25.
    expect(
      blockedRateTest([
        [1, 0],
        [1, 0],
        [1, 1],
        [1, 0],
      ]),
    ).toMatchObject({
      method: 'mcnemar-exact',
      pValue: 0.25,
    });
  });

  it("computes Cochran's Q as the textbook formula gives it", () => {
    // Sheskin's example shape: G = (20, 6, 7), R from each block; Q from the formula by hand.
    const blocks = Array.from({ length: 20 }, (_, index) => [1, index % 2, index % 3 === 0 ? 1 : 0]);
    const result = blockedRateTest(blocks)!;
    const totals = [20, 10, 7];
    const rows = blocks.map((block) => block.reduce((sum, value) => sum + value, 0));
    const rowSum = rows.reduce((sum, value) => sum + value, 0);
    const rowSquares = rows.reduce((sum, value) => sum + value * value, 0);
    const q = (2 * (3 * totals.reduce((sum, g) => sum + g * g, 0) - 37 * 37)) / (3 * rowSum - rowSquares);
    expect(result.method).toBe('cochran-q');
    expect(result.statistic).toBeCloseTo(q, 9);
    expect(result.pValue).toBeCloseTo(chiSquareUpperTail(q, 2), 12);
  });

  it('permutes within blocks for the rates of repeated tests, and holds its level', () => {
    let rejected = 0;
    for (let seed = 0; seed < 200; seed++) {
      const simulator = new Simulator(seed);
      const blocks = Array.from({ length: 12 }, () => {
        const difficulty = simulator.random.nextUnit();
        return [0, 1, 2].map(() => simulator.runs(difficulty, 3).reduce((sum, value) => sum + value, 0) / 3);
      });
      const result = blockedRateTest(blocks, { seed, resamples: 400 })!;
      expect(result.method).toBe('monte-carlo-paired');
      if (result.pValue < 0.05) rejected++;
    }
    expect(rejected).toBeLessThanOrEqual(17);
  });
});

describe('requiredSampleSize for two independent proportions', () => {
  it("matches R's power.prop.test (0.6 against 0.4: 97 a group)", () => {
    expect(requiredSampleSize({ kind: 'two-proportions', rates: [0.6, 0.4] })).toBe(97);
    expect(requiredSampleSize({ kind: 'two-proportions', rates: [0.5, 0.5] })).toBeUndefined();
  });
});
