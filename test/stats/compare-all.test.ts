import { describe, expect, it } from 'vitest';
import { compareAll } from '../../src/stats/compare-all.ts';
import { rate, report, Simulator } from './simulate.ts';

/** A column of single runs: 1 for the first `passes` tests, then 0. */
function column(name: string, outcomes: number[]): { name: string; perTest: number[][] } {
  return { name, perTest: outcomes.map((outcome) => [outcome]) };
}

describe('compareAll', () => {
  // 200 tests; A passes the first 120, B the first 140 and C the same as A but tests 0–3 swapped.
  const tests = 200;
  const a = Array.from({ length: tests }, (_, test) => (test < 120 ? 1 : 0));
  const b = Array.from({ length: tests }, (_, test) => (test < 140 ? 1 : 0));
  const c = a.map((outcome, test) => (test < 2 ? 0 : test >= 120 && test < 122 ? 1 : outcome));

  it('compares every pair once, B − A for A listed first, with Holm-adjusted p-values', () => {
    const comparisons = compareAll([column('A', a), column('B', b), column('C', c)]);
    expect(comparisons.map((comparison) => `${comparison.a}-${comparison.b}`)).toEqual(['A-B', 'A-C', 'B-C']);
    const [ab, ac, bc] = comparisons as [
      (typeof comparisons)[0],
      (typeof comparisons)[0],
      (typeof comparisons)[0],
    ];
    expect(ab.difference.estimate).toBeCloseTo(0.1, 12);
    expect(ab.discordant).toEqual({ aOnly: 0, bOnly: 20 });
    expect(ab.method).toBe('mcnemar-mid-p');
    expect(ab.adjustedPValue).toBeCloseTo(Math.min(1, 3 * ab.pValue), 12);
    expect(ab.significant).toBe(true);
    expect(ab.winner).toBe('B');
    expect(bc.winner).toBe('B');
    expect(ac.significant).toBe(false);
    expect(ac.winner).toBeUndefined();
    expect(ac.comparisons).toBe(3);
  });

  it('states verdicts in words, the winner first', () => {
    const [ab] = compareAll([column('A', a), column('B', b)]);
    expect(ab!.verdict).toMatch(/^B beats A: \+10\.0 pp \[\d+\.\d, \d+\.\d\], p < 0\.001$/);
    const [ba] = compareAll([column('B', b), column('A', a)]);
    expect(ba!.verdict).toMatch(/^B beats A: \+10\.0 pp \[\d+\.\d, \d+\.\d\], p < 0\.001$/);
    expect(ba!.difference.estimate).toBeCloseTo(-0.1, 12);
  });

  it('says when the sample cannot tell, and how many tests it would take', () => {
    // 6 against 10 discordant over 100 tests: +4 pp, not significant.
    const first = Array.from({ length: 100 }, (_, test) => (test < 50 || (test >= 50 && test < 56) ? 1 : 0));
    const second = Array.from({ length: 100 }, (_, test) => (test < 50 || (test >= 56 && test < 66) ? 1 : 0));
    const [comparison] = compareAll([column('short', first), column('long', second)]);
    expect(comparison!.significant).toBe(false);
    expect(comparison!.sampleSize!.difference).toBeCloseTo(0.04, 12);
    expect(comparison!.sampleSize!.power).toBe(0.8);
    expect(comparison!.sampleSize!.tests).toBeGreaterThan(100);
    expect(comparison!.verdict).toMatch(
      /^No significant difference between short and long at this sample size \(long - short: \+4\.0 pp \[-?\d+\.\d, \d+\.\d\], p = 0\.\d+\); detecting a difference of 4\.0 pp with 80% power would take about [\d,]+ tests \([\d,]+ more\)$/,
    );
  });

  it('uses per-test means and sign flips with repeats, and leaves out tests one side lacks', () => {
    const simulator = new Simulator(5);
    const first = { name: 'A', perTest: Array.from({ length: 40 }, () => simulator.runs(0.5, 4)) };
    const second = { name: 'B', perTest: Array.from({ length: 40 }, () => simulator.runs(0.7, 4)) };
    second.perTest[3] = [];
    const [comparison] = compareAll([first, second], { seed: 8 });
    expect(comparison!.kind).toBe('pass-fail');
    expect(comparison!.repeats).toBe(4);
    expect(comparison!.tests).toBe(39);
    expect(comparison!.method).toMatch(/^sign-flip/);
    expect(comparison!.discordant).toBeUndefined();
    expect(compareAll([first, second], { seed: 8 })).toEqual([comparison]);
  });

  it('compares scores, with the difference in score units', () => {
    const first = {
      name: 'A',
      perTest: Array.from({ length: 30 }, (_, test) => [test / 30, test / 30 + 0.01]),
    };
    const second = {
      name: 'B',
      perTest: first.perTest.map((runs, test) => runs.map((score) => score + 0.1 + (test % 3) * 0.01)),
    };
    const [comparison] = compareAll([first, second]);
    expect(comparison!.kind).toBe('score');
    expect(comparison!.difference.estimate).toBeCloseTo(0.11, 10);
    expect(comparison!.verdict).toMatch(/^B beats A: \+0\.11\d* \[0\.1\d*, 0\.1\d*\], p < 0\.001$/);
  });

  it('says so when two columns share no test', () => {
    const [comparison] = compareAll([
      { name: 'A', perTest: [[1], []] },
      { name: 'B', perTest: [[], [0]] },
    ]);
    expect(comparison!.tests).toBe(0);
    expect(comparison!.pValue).toBe(1);
    expect(comparison!.verdict).toBe('A and B have no test with outcomes on both sides: nothing to compare');
  });

  it('holds the family-wise error rate: 1,000 suites of 4 equal prompts rarely show any winner', () => {
    const simulator = new Simulator(51);
    const familyWise = rate(1000, () => {
      const probabilities = Array.from({ length: 100 }, () => simulator.testProbability());
      const columns = ['P', 'Q', 'R', 'S'].map((name) => ({
        name,
        perTest: probabilities.map((probability) => [simulator.bernoulli(probability)]),
      }));
      return compareAll(columns).some((comparison) => comparison.significant);
    });
    report('family-wise error rate, 4 equal prompts, 6 Holm-corrected comparisons', familyWise);
    expect(familyWise).toBeLessThanOrEqual(0.07);
  });
});
