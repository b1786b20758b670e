import { describe, expect, it } from 'vitest';
import { lowerMedian, nearestRank } from '../../src/store/run-figures.ts';

describe('the quantiles of a column figure', () => {
  it('takes the lower of the middle two as the median of an even count', () => {
    expect(lowerMedian([1, 2, 3, 4])).toBe(2);
    expect(lowerMedian([1, 2, 3])).toBe(2);
    expect(lowerMedian([])).toBeUndefined();
  });

  it('takes the nearest rank: the smallest value with the share of them at or below it', () => {
    const twenty = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(nearestRank(twenty, 0.95)).toBe(19);
    expect(nearestRank([...twenty, 21], 0.95)).toBe(20);
    expect(nearestRank([7], 0.95)).toBe(7);
    expect(nearestRank([1, 2], 0)).toBe(1);
    expect(nearestRank([], 0.95)).toBeUndefined();
  });
});
