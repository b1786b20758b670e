import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/optimize/budget.ts';
import { parseSplit, splitTests } from '../../src/optimize/split-tests.ts';
import type { SuiteTest } from '../../src/spec/suite.ts';

const call = (tokens: number) => ({ calls: 1, inputTokens: tokens, outputTokens: 0, costUsd: tokens / 1000 });
const tests = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => ({ id: `t${from + index}` }) as SuiteTest);

describe('the budget', () => {
  it('holds the worst case of calls in flight and never lets them add up past a limit', () => {
    const budget = new Budget({ calls: 3, usd: 1 });
    expect(budget.hold(call(400))).toBe(true);
    expect(budget.hold(call(400))).toBe(true);
    // $0.80 held: a third call of $0.40 would pass the $1 limit.
    expect(budget.hold(call(400))).toBe(false);
    budget.settle(call(400), call(100));
    expect(budget.spent.costUsd).toBeCloseTo(0.1);
    expect(budget.hold(call(400))).toBe(true);
    expect(budget.hold(call(1))).toBe(false); // three calls held or spent
  });

  it('keeps its reserve out of reach until released', () => {
    const budget = new Budget({ calls: 10 });
    budget.reserve({ calls: 8, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(budget.canAfford({ calls: 3, inputTokens: 0, outputTokens: 0, costUsd: 0 })).toBe(false);
    budget.release();
    expect(budget.canAfford({ calls: 3, inputTokens: 0, outputTokens: 0, costUsd: 0 })).toBe(true);
  });
});

describe('splitting tests', () => {
  it('puts each test in the same part whatever the others are', () => {
    const first = splitTests(tests(200), { train: 0.3, validation: 0.4, test: 0.3 }, 7);
    expect(first.train.length + first.validation.length + first.test.length).toBe(200);
    for (const [part, share] of [
      [first.train, 0.3],
      [first.validation, 0.4],
      [first.test, 0.3],
    ] as const) {
      expect(Math.abs(part.length - 200 * share)).toBeLessThan(3 * Math.sqrt(200 * share * (1 - share)));
    }
    const grown = splitTests(
      [...tests(200), ...tests(50, 200)],
      { train: 0.3, validation: 0.4, test: 0.3 },
      7,
    );
    const part = (split: typeof first, id: string) =>
      split.train.some((test) => test.id === id)
        ? 'train'
        : split.validation.some((test) => test.id === id)
          ? 'validation'
          : 'test';
    const moved = tests(200).filter((test) => part(first, test.id) !== part(grown, test.id));
    expect(moved).toEqual([]);
    const reseeded = splitTests(tests(200), { train: 0.3, validation: 0.4, test: 0.3 }, 8);
    expect(reseeded.test.map((test) => test.id)).not.toEqual(first.test.map((test) => test.id));
  });

  it('reads train/validation/test shares and refuses unusable ones', () => {
    expect(parseSplit('0.2/0.5/0.3')).toEqual({ train: 0.2, validation: 0.5, test: 0.3 });
    expect(() => parseSplit('0.5/0.5')).toThrow(/three numbers/);
    expect(() => splitTests(tests(10), parseSplit('0.5,0.5,0'), 1)).toThrow(/not usable/);
  });
});
