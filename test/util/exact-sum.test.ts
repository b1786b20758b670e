import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/util/exact-sum.ts';

function sum(values: readonly number[]): number {
  const total = new ExactSum();
  for (const value of values) total.add(value);
  return total.value;
}

describe('ExactSum', () => {
  it('is the correctly rounded sum where adding in turn drifts', () => {
    expect(sum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
    expect(sum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(sum([1e100, 1, -1e100])).toBe(1);
    expect(sum([1, 1e-16, 1e-16])).toBe(1.0000000000000002);
    expect(sum([])).toBe(0);
    expect(sum([-0.5, 0.25])).toBe(-0.25);
  });

  it('rounds a sum exactly halfway between two doubles to even, as Python’s math.fsum does', () => {
    // 1 + 2^-53 lies halfway between 1 and the next double; the tiny third part tips it up.
    expect(sum([1, 2 ** -53])).toBe(1);
    expect(sum([1, 2 ** -53, 2 ** -80])).toBe(1 + 2 ** -52);
    expect(sum([1, 2 ** -53, -(2 ** -80)])).toBe(1);
  });

  it('gives the same result whatever the order of the numbers', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = Array.from({ length: 500 }, () => (random() - 0.3) * 10 ** Math.floor(random() * 12 - 6));
    const expected = sum(values);
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...values].sort(() => random() - 0.5);
      expect(sum(shuffled)).toBe(expected);
    }
  });
});
