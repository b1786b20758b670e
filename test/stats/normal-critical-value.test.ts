import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/stats/distributions.ts';
import { normalCriticalValue } from '../../src/stats/normal-critical-value.ts';

describe('normalCriticalValue', () => {
  it('gives the normal quantile, 95% included', () => {
    for (const confidence of [0.5, 0.8, 0.9, 0.95, 0.99, 0.999]) {
      expect(normalCriticalValue(confidence)).toBe(normalQuantile(1 - (1 - confidence) / 2, 0, 1));
    }
    expect(normalCriticalValue(0.95)).toBeCloseTo(1.96, 2);
  });
});
