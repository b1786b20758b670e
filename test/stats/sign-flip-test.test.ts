import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../src/stats/mcnemar-exact.ts';
import { signFlipTest } from '../../src/stats/sign-flip-test.ts';

/** ±1/0 per-test differences of a pass/fail pair: B − A. */
function discordantDifferences(aOnly: number, bOnly: number, ties: number): number[] {
  return [...Array(aOnly).fill(-1), ...Array(bOnly).fill(1), ...Array(ties).fill(0)];
}

describe('signFlipTest', () => {
  it('is McNemar on pass/fail differences, in both variants', () => {
    const differences = discordantDifferences(6, 16, 139);
    const mcnemar = mcnemarExact(6, 16);
    expect(signFlipTest(differences, { exactLimit: 22 }).pValue).toBeCloseTo(mcnemar.midPValue, 12);
    expect(signFlipTest(differences, { exactLimit: 22, variant: 'exact' }).pValue).toBeCloseTo(
      mcnemar.exactPValue,
      12,
    );
    // Monte Carlo with many draws lands near the exact value.
    const sampled = signFlipTest(differences, { resamples: 50_000, seed: 3 });
    expect(sampled.method).toBe('monte-carlo');
    expect(sampled.pValue).toBeGreaterThan(mcnemar.midPValue - 0.004);
    expect(sampled.pValue).toBeLessThan(mcnemar.midPValue + 0.004);
  });

  it('enumerates small samples exactly, by hand: all four differences positive', () => {
    // 16 sign patterns; only all-plus and all-minus reach |sum| = 10: exact 2/16, mid-p 1/16.
    expect(signFlipTest([1, 2, 3, 4], { variant: 'exact' })).toEqual({ pValue: 2 / 16, method: 'exact' });
    expect(signFlipTest([1, 2, 3, 4]).pValue).toBe(1 / 16);
  });

  it('treats sums equal up to rounding as ties', () => {
    // 0.1 + 0.2 ≠ 0.3 in floating point; the pattern (+0.1, +0.2, −0.3) must still tie with 0.
    expect(signFlipTest([0.1, 0.2, -0.3], { variant: 'exact' }).pValue).toBe(1);
  });

  it('gives 1 without differences, is deterministic for a seed, and symmetric in sign', () => {
    expect(signFlipTest([0, 0, 0]).pValue).toBe(1);
    const differences = Array.from({ length: 40 }, (_, index) => ((index * 37) % 11) / 10 - 0.35);
    const first = signFlipTest(differences, { seed: 9 });
    expect(signFlipTest(differences, { seed: 9 })).toEqual(first);
    expect(
      signFlipTest(
        differences.map((value) => -value),
        { seed: 9 },
      ),
    ).toEqual(first);
  });

  it('switches to the normal approximation for very large samples, close to Monte Carlo', () => {
    const differences = discordantDifferences(60, 85, 10);
    const normal = signFlipTest(differences, { largeSampleThreshold: 100 });
    expect(normal.method).toBe('normal');
    expect(normal.pValue).toBeCloseTo(mcnemarExact(60, 85).midPValue, 2);
  });
});
