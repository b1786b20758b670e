import { checkInput } from './check-input.ts';
import { chiSquareUpperTail } from './chi-square-tail.ts';
import { fisherExact } from './fisher-exact.ts';
import { RandomSource } from './random-source.ts';

/** How a test across groups got its p-value. */
export type GroupTestMethod =
  | 'chi-square'
  | 'fisher-exact'
  | 'monte-carlo-exact'
  | 'mcnemar-exact'
  | 'cochran-q'
  | 'monte-carlo-paired';

/** Whether the pass rate differs across groups (values of a variable). */
export interface GroupTestResult {
  method: GroupTestMethod;
  /** Pearson's X² (Cochran's Q when paired); undefined for the exact 2×2 tests. */
  statistic: number | undefined;
  degreesOfFreedom: number;
  pValue: number;
  /** Groups compared (those with at least one test). */
  groups: number;
  /** Random tables drawn, when the p-value is a Monte Carlo estimate. */
  resamples?: number;
}

/** Options of the tests across groups. */
export interface GroupTestOptions {
  /** Seed of the Monte Carlo draws, so a report says the same every time. */
  seed?: number;
  /** Monte Carlo draws; default from the data's size (see monteCarloDraws). */
  resamples?: number;
}

/** Expected passes and fails a cell of the table must reach for the χ² approximation (Cochran's rule). */
export const MIN_EXPECTED = 5;

/**
 * Does the pass rate differ across independent groups of tests? Each group holds its tests' pass
 * rates (0 or 1 with one run a test; the share of repeats that passed otherwise): the test is the
 * unit, so repeats of one test never count as independent trials.
 * The statistic is Pearson's X² for the k×2 table, Σ nⱼ(mⱼ − m)² / s² with s² the plug-in
 * variance of the tests' rates (exactly m(1 − m) with one run a test). Its p-value is χ²(k − 1)
 * when every group expects at least MIN_EXPECTED passes and fails; else, for two groups of
 * 0/1 outcomes, Fisher's exact test; else a seeded Monte Carlo permutation test of the same
 * statistic (for 0/1 outcomes, the Monte Carlo version of the Freeman–Halton exact test).
 * Undefined with fewer than two non-empty groups.
 */
export function groupRateTest(
  groups: readonly (readonly number[])[],
  options: GroupTestOptions = {},
): GroupTestResult | undefined {
  const present = groups.filter((group) => group.length > 0);
  if (present.length < 2) return undefined;
  const values = present.flat();
  for (const value of values)
    checkInput(value >= 0 && value <= 1, `pass rates must lie in [0, 1], got ${value}`);
  const total = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / total;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / total;
  const degreesOfFreedom = present.length - 1;
  const base = { degreesOfFreedom, groups: present.length };
  // Every test alike: nothing differs.
  if (!(variance > 0)) return { method: 'chi-square', statistic: 0, pValue: 1, ...base };
  const sizes = present.map((group) => group.length);
  const statistic = pearson(
    present.map((group) => group.reduce((sum, value) => sum + value, 0)),
    sizes,
    mean,
    variance,
    total,
  );
  const expectedOk = sizes.every((size) => size * mean >= MIN_EXPECTED && size * (1 - mean) >= MIN_EXPECTED);
  if (expectedOk)
    return {
      method: 'chi-square',
      statistic,
      pValue: chiSquareUpperTail(statistic, degreesOfFreedom),
      ...base,
    };
  const binary = values.every((value) => value === 0 || value === 1);
  if (binary && present.length === 2) {
    const [a, b] = present as [readonly number[], readonly number[]];
    const aPass = a.reduce((sum, value) => sum + value, 0);
    const bPass = b.reduce((sum, value) => sum + value, 0);
    return {
      method: 'fisher-exact',
      statistic: undefined,
      pValue: fisherExact(aPass, a.length - aPass, bPass, b.length - bPass),
      ...base,
    };
  }
  const resamples = options.resamples ?? monteCarloDraws(total);
  const pValue = permutationPValue(values, sizes, statistic, mean, variance, resamples, options.seed ?? 0);
  return { method: 'monte-carlo-exact', statistic, pValue, resamples, ...base };
}

/**
 * Monte Carlo draws for a permutation over `units` values: 10,000 for small data (where the
 * exact tests are needed most), fewer as each draw grows dearer, never under 1,000 (a p-value
 * known to about ±0.007 at 0.05).
 */
export function monteCarloDraws(units: number): number {
  return Math.max(1000, Math.min(10_000, Math.floor(2e7 / Math.max(1, units))));
}

function pearson(
  sums: readonly number[],
  sizes: readonly number[],
  mean: number,
  variance: number,
  total: number,
): number {
  let between = 0;
  sums.forEach((sum, index) => {
    between += (sum * sum) / sizes[index]!;
  });
  // Σ nⱼ(mⱼ − m)² = Σ Sⱼ²/nⱼ − N·m²
  return Math.max(0, between - total * mean * mean) / variance;
}

// (1 + draws at least as extreme) / (1 + draws): never 0, and a valid p-value (Davison & Hinkley 1997).
function permutationPValue(
  values: readonly number[],
  sizes: readonly number[],
  observed: number,
  mean: number,
  variance: number,
  resamples: number,
  seed: number,
): number {
  const random = new RandomSource(seed);
  const pool = Float64Array.from(values);
  const sums = new Array<number>(sizes.length).fill(0);
  let extreme = 0;
  for (let draw = 0; draw < resamples; draw++) {
    // A Fisher–Yates shuffle; group j takes the next sizes[j] values.
    for (let index = pool.length - 1; index > 0; index--) {
      const other = random.nextIndex(index + 1);
      const held = pool[index]!;
      pool[index] = pool[other]!;
      pool[other] = held;
    }
    let at = 0;
    sizes.forEach((size, group) => {
      let sum = 0;
      for (let index = 0; index < size; index++) sum += pool[at++]!;
      sums[group] = sum;
    });
    if (pearson(sums, sizes, mean, variance, values.length) >= observed * (1 - 1e-9)) extreme++;
  }
  return (1 + extreme) / (1 + resamples);
}
