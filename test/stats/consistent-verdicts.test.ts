import { describe, expect, it } from 'vitest';
import { type Column, compareAll, decidePairs, type PairToDecide } from '../../src/stats/compare-all.ts';
import { comparePair } from '../../src/stats/compare-pair.ts';
import { excludesZero } from '../../src/stats/decision.ts';
import { holm, holmLevels } from '../../src/stats/holm.ts';
import { RandomSource } from '../../src/stats/random-source.ts';
import { report, Simulator } from './simulate.ts';

type Shape = 'once' | 'agreeing repeats' | 'flaky repeats' | 'scores';
const SHAPES: Shape[] = ['once', 'agreeing repeats', 'flaky repeats', 'scores'];

/** Two columns of `tests` tests with B − A about `effect` (pass rate points, or score units). */
function plantedPair(simulator: Simulator, shape: Shape, tests: number, effect: number): [Column, Column] {
  const a: number[][] = [];
  const b: number[][] = [];
  for (let test = 0; test < tests; test++) {
    const base = simulator.testProbability();
    const shifted = Math.min(1, Math.max(0, base + effect));
    if (shape === 'scores') {
      const level = simulator.random.nextUnit();
      a.push([level + simulator.exponential(0.3)]);
      b.push([level + effect + simulator.exponential(0.3)]);
    } else if (shape === 'flaky repeats') {
      a.push(simulator.runs(base, 3));
      b.push(simulator.runs(shifted, 3));
    } else {
      const repeats = shape === 'once' ? 1 : 2;
      a.push(Array(repeats).fill(simulator.bernoulli(base)));
      b.push(Array(repeats).fill(simulator.bernoulli(shifted)));
    }
  }
  return [
    { name: 'A', perTest: a },
    { name: 'B', perTest: b },
  ];
}

/** The numbers in the verdict's brackets, as written. */
function shownInterval(verdict: string): [number, number] | undefined {
  const match = /\[(-?[\d.]+), (-?[\d.]+)\]/.exec(verdict);
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

describe('verdicts never contradict their interval', () => {
  it('holds over 1,500 seeded families of 1 to 6 comparisons, every shape, effects near the threshold', () => {
    const simulator = new Simulator(2024);
    const pick = new RandomSource(7);
    let comparisons = 0;
    let borderline = 0;
    let oldContradictions = 0;
    const borderlineByShape = new Map<Shape, [number, number]>();
    for (let family = 0; family < 1500; family++) {
      const count = 1 + Math.floor(pick.nextUnit() * 6);
      const pairs: PairToDecide[] = [];
      const shapes: Shape[] = [];
      for (let index = 0; index < count; index++) {
        const shape = SHAPES[Math.floor(pick.nextUnit() * SHAPES.length)]!;
        shapes.push(shape);
        const tests = 8 + Math.floor(pick.nextUnit() * (shape === 'scores' ? 40 : 150));
        // Mostly small effects, where the test and the interval are near their thresholds.
        const effect = (pick.nextUnit() - 0.3) * 0.25;
        const [a, b] = plantedPair(simulator, shape, tests, effect);
        const seed = RandomSource.derive(family, index);
        const options = { seed, resamples: 400 };
        pairs.push({ a, b, seed, result: comparePair(a.perTest, b.perTest, options) });
      }
      const decided = decidePairs(pairs, { resamples: 400 });
      const levels = holmLevels(
        pairs.map((pair) => pair.result.pValue),
        0.05,
      );
      for (const [index, comparison] of decided.entries()) {
        comparisons++;
        const interval = comparison.adjustedDifference;
        const excluded = excludesZero(interval);
        const rejected = comparison.adjustedPValue <= 0.05;
        // Holm's level decides as the whole procedure does.
        expect(comparison.pValue <= levels[index]!).toBe(rejected);
        expect(interval.confidence).toBeCloseTo(1 - levels[index]!, 12);
        // The decision interval is the unadjusted one, widened (the same method and resamples).
        expect(interval.lower).toBeLessThanOrEqual(comparison.difference.lower + 1e-12);
        expect(interval.upper).toBeGreaterThanOrEqual(comparison.difference.upper - 1e-12);
        if (count === 1) expect(interval).toEqual(comparison.difference);
        const { verdict } = comparison;
        if (verdict.includes('No significant difference')) expect(excluded).toBe(false);
        if (verdict.includes(' beats ')) {
          expect(excluded).toBe(true);
          expect(rejected).toBe(true);
        }
        expect(comparison.significant).toBe(rejected && excluded);
        expect(comparison.winner !== undefined).toBe(comparison.significant);
        const tally = borderlineByShape.get(shapes[index]!) ?? [0, 0];
        borderlineByShape.set(shapes[index]!, [
          tally[0] + (comparison.decision === 'borderline' ? 1 : 0),
          tally[1] + 1,
        ]);
        if (comparison.decision === 'borderline') {
          borderline++;
          expect(verdict).toMatch(/^Borderline between A and B, no winner declared/);
        } else expect(verdict).not.toMatch(/Borderline/);
        // The interval the sentence shows is the decision interval, at its level when not 95%.
        const shown = shownInterval(verdict)!;
        const sign = comparison.significant && interval.estimate < 0 ? -1 : 1;
        const [lower, upper] =
          sign > 0 ? [interval.lower, interval.upper] : [-interval.upper, -interval.lower];
        const scale = comparison.kind === 'pass-fail' ? 100 : 1;
        const width = (upper - lower) * scale;
        expect(Math.abs(shown[0] - lower * scale)).toBeLessThanOrEqual(width / 10 + 1e-9);
        expect(Math.abs(shown[1] - upper * scale)).toBeLessThanOrEqual(width / 10 + 1e-9);
        if (interval.confidence > 0.95 + 1e-9) expect(verdict).toMatch(/\(\d+(\.\d+)?% interval\)/);
        // What the verdicts did before: the 95% interval beside the Holm-adjusted p-value.
        if (!rejected && excludesZero(comparison.difference)) oldContradictions++;
      }
    }
    report('comparisons checked', comparisons);
    report('borderline share', borderline / comparisons);
    for (const [shape, [count, total]] of borderlineByShape)
      report(`borderline share, ${shape}`, count / total);
    report('old verdicts that contradicted their interval', oldContradictions / comparisons);
    expect(comparisons).toBeGreaterThan(4000);
    // The disagreement between two methods is rare, and the old contradiction was not.
    expect(borderline / comparisons).toBeLessThan(0.05);
    expect(oldContradictions).toBeGreaterThan(borderline);
  });

  it('widens the interval to the Holm level where the old verdict paired p = 0.07 with an interval excluding 0', () => {
    // 200 tests; B gains 20 and loses 8 against A (raw p ≈ 0.036), C and D are A again with a few swaps.
    const tests = 200;
    const a = Array.from({ length: tests }, (_, test) => (test < 100 ? 1 : 0));
    const b = a.map((outcome, test) => (test >= 100 && test < 120 ? 1 : test < 8 ? 0 : outcome));
    const c = a.map((outcome, test) => (test === 0 ? 0 : test === 100 ? 1 : outcome));
    const columns = [a, b, c].map((outcomes, index) => ({
      name: 'ABC'[index]!,
      perTest: outcomes.map((outcome) => [outcome]),
    }));
    const [ab, , bc] = compareAll(columns);
    // B − C comes first in Holm's order (level α/3), and stops the procedure; A − B's level is then
    // α · p / p̃, below its step's α/2, so that its interval cannot exclude 0 once Holm stopped.
    expect(bc!.adjustedPValue).toBeGreaterThan(0.05);
    expect(bc!.adjustedDifference.confidence).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(ab!.adjustedPValue).toBeGreaterThan(0.05);
    expect(ab!.adjustedDifference.confidence).toBeCloseTo(1 - (0.05 * ab!.pValue) / ab!.adjustedPValue, 12);
    for (const comparison of [ab!, bc!]) {
      expect(comparison.difference.confidence).toBe(0.95);
      expect(excludesZero(comparison.difference)).toBe(true);
      expect(excludesZero(comparison.adjustedDifference)).toBe(false);
      expect(comparison.decision).toBe('not-significant');
    }
    expect(bc!.verdict).toMatch(
      /^No significant difference between B and C at this sample size \(C - B: -6\.0 pp \[-\d+\.\d, \d+\.\d\] \(98\.3% interval\), p = 0\.057, Holm-corrected over 3 comparisons\)/,
    );
    expect(ab!.verdict).toMatch(/\(B - A: \+6\.0 pp \[-\d+\.\d, \d+\.\d\] \(97\.9% interval\), p = 0\.057/);
  });

  it('says borderline, with no winner, where the test and the interval disagree', () => {
    // Three tests, each B − A = +0.5 exactly: the bootstrap interval is [0.5, 0.5], but three
    // sign flips cannot reach p ≤ 0.05.
    const a = { name: 'A', perTest: [[0.1], [0.2], [0.3]] };
    const b = { name: 'B', perTest: [[0.6], [0.7], [0.8]] };
    const [comparison] = compareAll([a, b]);
    expect(comparison!.pValue).toBeGreaterThan(0.05);
    expect(comparison!.decision).toBe('borderline');
    expect(comparison!.significant).toBe(false);
    expect(comparison!.winner).toBeUndefined();
    expect(comparison!.verdict).toMatch(
      /^Borderline between A and B, no winner declared \(B - A: \+0\.50 \[0\.50, 0\.50\]\): the interval excludes 0 but the p-value is above 0\.05 \(p = 0\.\d+\)/,
    );
  });
});

describe('holmLevels', () => {
  it('is the step level α/(m − k + 1) until the procedure stops, then stricter', () => {
    // Sorted: 0.005 (×4 = 0.02), 0.01 (×3 = 0.03), 0.03 (×2 = 0.06: stop), 0.04 (monotone 0.06).
    const pValues = [0.01, 0.04, 0.03, 0.005];
    const levels = holmLevels(pValues, 0.05);
    expect(levels[3]).toBeCloseTo(0.05 / 4, 12);
    expect(levels[0]).toBeCloseTo(0.05 / 3, 12);
    expect(levels[2]).toBeCloseTo(0.025, 12);
    // 0.04 would pass its own step (α/1) but Holm stopped before it: its level is 0.05 · 0.04/0.06.
    expect(levels[1]).toBeCloseTo((0.05 * 0.04) / 0.06, 12);
    const adjusted = holm(pValues);
    for (const [index, pValue] of pValues.entries())
      expect(pValue <= levels[index]!).toBe(adjusted[index]! <= 0.05);
  });
});
