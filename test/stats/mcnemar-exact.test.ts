import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../src/stats/mcnemar-exact.ts';
import { pairedPassFail } from '../../src/stats/paired-pass-fail.ts';
import { rate, report, Simulator } from './simulate.ts';

/** Rejection rate at α = 0.05 with `tests` tests and discordance ψ under "no difference", summed exactly. */
function exactFalsePositiveRate(
  tests: number,
  discordance: number,
  variant: 'exactPValue' | 'midPValue',
): number {
  let rate = 0;
  for (let discordant = 0; discordant <= tests; discordant++) {
    const weight = binomialPmf(discordant, tests, discordance);
    if (weight < 1e-12) continue;
    for (let aOnly = 0; aOnly <= discordant; aOnly++) {
      if (mcnemarExact(aOnly, discordant - aOnly)[variant] <= 0.05)
        rate += weight * binomialPmf(aOnly, discordant, 0.5);
    }
  }
  return rate;
}

describe('mcnemarExact', () => {
  it('matches hand computation with the binomial on small tables', () => {
    // 1 against 7 discordant: P(X ≤ 1) = (1 + 8)/256, P(X = 1) = 8/256.
    expect(mcnemarExact(1, 7).exactPValue).toBeCloseTo((2 * 9) / 256, 12);
    expect(mcnemarExact(1, 7).midPValue).toBeCloseTo(2 * (9 / 256 - 4 / 256), 12);
    // 0 against 5: P(X = 0) = 1/32.
    expect(mcnemarExact(5, 0).exactPValue).toBeCloseTo(2 / 32, 12);
    expect(mcnemarExact(5, 0).midPValue).toBeCloseTo(1 / 32, 12);
    // 2 against 2 is as balanced as it gets.
    expect(mcnemarExact(2, 2)).toEqual({ exactPValue: 1, midPValue: 1 });
    expect(mcnemarExact(0, 0)).toEqual({ exactPValue: 1, midPValue: 1 });
  });

  it('matches Fagerland, Lydersen & Laake (2013) for Cavo et al. (6 against 16)', () => {
    const result = mcnemarExact(6, 16);
    expect(result.exactPValue).toBeCloseTo(0.0525, 4);
    expect(result.midPValue).toBeCloseTo(0.0347, 4);
  });

  it('is symmetric in its two counts', () => {
    expect(mcnemarExact(3, 11)).toEqual(mcnemarExact(11, 3));
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(/non-negative integers/);
    expect(() => mcnemarExact(1.5, 3)).toThrow(/non-negative integers/);
  });

  it('keeps the mid-p false-positive rate in [0.03, 0.07] with about 20+ expected discordant pairs', () => {
    for (const [tests, discordance] of [
      [100, 0.2],
      [300, 0.1],
      [60, 0.5],
      [1000, 0.03],
    ] as const) {
      const midP = report(
        `McNemar mid-p exact false-positive rate, ${tests} tests, ψ = ${discordance}`,
        exactFalsePositiveRate(tests, discordance, 'midPValue'),
      );
      report(
        `McNemar exact-test false-positive rate, ${tests} tests, ψ = ${discordance}`,
        exactFalsePositiveRate(tests, discordance, 'exactPValue'),
      );
      expect(midP, `${tests} tests, ψ = ${discordance}`).toBeGreaterThanOrEqual(0.03);
      expect(midP, `${tests} tests, ψ = ${discordance}`).toBeLessThanOrEqual(0.07);
      // The exact variant never exceeds α: that is its guarantee, and why it is conservative.
      expect(exactFalsePositiveRate(tests, discordance, 'exactPValue')).toBeLessThanOrEqual(0.05);
    }
  });

  it('keeps the false-positive rate in [0.03, 0.07] over 4,000 simulated suites of 100 tests', () => {
    const simulator = new Simulator(61);
    const falsePositives = rate(4000, () => {
      const a: number[] = [];
      const b: number[] = [];
      for (let test = 0; test < 100; test++) {
        // Equal pass rates: A-only and B-only are equally likely (ψ = 0.2); the rest agree.
        const draw = simulator.random.nextUnit();
        const both = simulator.bernoulli(simulator.testProbability());
        a.push(draw < 0.1 ? 1 : draw < 0.2 ? 0 : both);
        b.push(draw < 0.1 ? 0 : draw < 0.2 ? 1 : both);
      }
      return pairedPassFail(a, b).pValue <= 0.05;
    });
    report('McNemar mid-p simulated false-positive rate, 100 tests, ψ = 0.2', falsePositives);
    expect(falsePositives).toBeGreaterThanOrEqual(0.03);
    expect(falsePositives).toBeLessThanOrEqual(0.07);
  });

  it('is conservative by construction when few pairs disagree (documented, not hidden)', () => {
    expect(exactFalsePositiveRate(30, 0.1, 'midPValue')).toBeLessThan(0.02);
  });
});
