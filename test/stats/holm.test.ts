import { describe, expect, it } from 'vitest';
import { holm } from '../../src/stats/holm.ts';

describe('holm', () => {
  it('adjusts the textbook example (Wikipedia, Holm–Bonferroni method)', () => {
    // Sorted: 0.005 ×4 = 0.02, 0.01 ×3 = 0.03, 0.03 ×2 = 0.06, 0.04 ×1 = 0.04 → monotone 0.06.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
    expect(adjusted[3]).toBeCloseTo(0.02, 12);
  });

  it('adjusts a larger family, checked by hand', () => {
    // ×8 = 0.008, ×7 = 0.056, ×6 = 0.234, then every later product is smaller, so stays 0.234.
    const adjusted = holm([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]);
    const expected = [0.008, 0.056, 0.234, 0.234, 0.234, 0.234, 0.234, 0.234];
    for (const [index, value] of expected.entries()) expect(adjusted[index]).toBeCloseTo(value, 12);
  });

  it('caps at 1, keeps a single p-value, and never lowers a p-value', () => {
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
    expect(holm([0.03])).toEqual([0.03]);
    expect(holm([])).toEqual([]);
    const raw = [0.2, 0.01, 0.5, 0.049, 0.003];
    const adjusted = holm(raw);
    for (const [index, value] of raw.entries()) expect(adjusted[index]).toBeGreaterThanOrEqual(value);
  });

  it('rejects values that are not p-values', () => {
    expect(() => holm([0.1, 1.2])).toThrow(/p-values/);
  });
});
