import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../src/stats/random-source.ts';

describe('RandomSource', () => {
  it('repeats its stream for a seed and differs across seeds and derived streams', () => {
    const draw = (seed: number) => {
      const random = new RandomSource(seed);
      return Array.from({ length: 5 }, () => random.nextIndex(1000));
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(RandomSource.derive(1, 0)).not.toBe(RandomSource.derive(1, 1));
    expect(RandomSource.derive(1, 0)).toBe(RandomSource.derive(1, 0));
  });

  it('draws indices uniformly (chi-square over 10 cells, 100,000 draws)', () => {
    const random = new RandomSource(7);
    const counts = new Array<number>(10).fill(0);
    const indices = new Uint32Array(100_000);
    random.fillIndices(indices, 10);
    for (const index of indices) counts[index]!++;
    const chiSquare = counts.reduce((sum, count) => sum + (count - 10_000) ** 2 / 10_000, 0);
    // 9 degrees of freedom: the 99.9th percentile is 27.9.
    expect(chiSquare).toBeLessThan(27.9);
    expect(Math.min(...indices)).toBe(0);
    expect(Math.max(...indices)).toBe(9);
  });

  it('gives fair bits and units in [0, 1)', () => {
    const random = new RandomSource(8);
    let ones = 0;
    for (let draw = 0; draw < 10_000; draw++) {
      const bits = random.nextBits24();
      for (let bit = 0; bit < 24; bit++) ones += (bits >>> bit) & 1;
      const unit = random.nextUnit();
      expect(unit >= 0 && unit < 1).toBe(true);
    }
    // 240,000 fair bits: standard deviation 245; 5 of them is a generous bound.
    expect(Math.abs(ones - 120_000)).toBeLessThan(5 * 245);
  });
});
