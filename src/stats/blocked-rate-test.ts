import { checkInput } from './check-input.ts';
import { chiSquareUpperTail } from './chi-square-tail.ts';
import { type GroupTestOptions, type GroupTestResult, monteCarloDraws } from './group-rate-test.ts';
import { mcnemarExact } from './mcnemar-exact.ts';
import { RandomSource } from './random-source.ts';

/** Blocks × groups below which Cochran's Q is not read from χ² (Tate & Brown 1970: n·k ≥ 24). */
const MIN_BLOCK_CELLS = 24;

/**
 * Does the pass rate differ across groups when the tests come in blocks, one test of each group a
 * block (counterfactual pairs: the same question asked with each value of the variable)? Each
 * block lists its tests' pass rates, one per group, in group order. Paired tests remove what a
 * block's tests share (the question's difficulty), so they find a difference with fewer tests.
 * Two groups of 0/1 outcomes: McNemar's exact test on the discordant blocks. Otherwise Cochran's
 * Q, Q = (k − 1)(k ΣGⱼ² − (ΣG)²) / (k ΣRᵢ − ΣRᵢ²), read from χ²(k − 1) for 0/1 outcomes with
 * enough informative blocks, else from a seeded Monte Carlo permutation within blocks (which also
 * serves the rates of repeated tests, where Q's χ² reading does not hold).
 * Undefined with fewer than two groups or no block.
 */
export function blockedRateTest(
  blocks: readonly (readonly number[])[],
  options: GroupTestOptions = {},
): GroupTestResult | undefined {
  const groups = blocks[0]?.length ?? 0;
  if (groups < 2) return undefined;
  for (const block of blocks) {
    checkInput(block.length === groups, 'every block holds one test of each group');
    for (const value of block)
      checkInput(value >= 0 && value <= 1, `pass rates must lie in [0, 1], got ${value}`);
  }
  const binary = blocks.every((block) => block.every((value) => value === 0 || value === 1));
  const base = { degreesOfFreedom: groups - 1, groups };
  if (binary && groups === 2) {
    const aOnly = blocks.filter((block) => block[0] === 1 && block[1] === 0).length;
    const bOnly = blocks.filter((block) => block[0] === 0 && block[1] === 1).length;
    return {
      method: 'mcnemar-exact',
      statistic: undefined,
      pValue: mcnemarExact(aOnly, bOnly).exactPValue,
      ...base,
    };
  }
  // Blocks whose tests all agree weigh nothing in Q and do not move under permutation.
  const informative = blocks.filter((block) => block.some((value) => value !== block[0]));
  const statistic = cochranQ(informative, groups);
  if (informative.length === 0) return { method: 'cochran-q', statistic: 0, pValue: 1, ...base };
  if (binary && informative.length * groups >= MIN_BLOCK_CELLS) {
    return { method: 'cochran-q', statistic, pValue: chiSquareUpperTail(statistic, groups - 1), ...base };
  }
  const resamples = options.resamples ?? monteCarloDraws(informative.length * groups);
  const pValue = withinBlockPValue(informative, groups, statistic, resamples, options.seed ?? 0);
  return { method: 'monte-carlo-paired', statistic, pValue, resamples, ...base };
}

function cochranQ(blocks: readonly (readonly number[])[], groups: number): number {
  const totals = columnTotals(blocks, groups);
  const grand = totals.reduce((sum, value) => sum + value, 0);
  let rowSum = 0;
  let rowSquares = 0;
  for (const block of blocks) {
    const row = block.reduce((sum, value) => sum + value, 0);
    rowSum += row;
    rowSquares += row * row;
  }
  const denominator = groups * rowSum - rowSquares;
  if (!(denominator > 0)) return 0;
  const squares = totals.reduce((sum, value) => sum + value * value, 0);
  return ((groups - 1) * (groups * squares - grand * grand)) / denominator;
}

function columnTotals(blocks: readonly (readonly number[])[], groups: number): number[] {
  const totals = new Array<number>(groups).fill(0);
  for (const block of blocks) {
    block.forEach((value, group) => {
      totals[group]! += value;
    });
  }
  return totals;
}

// Under no difference, a block's values are exchangeable across its groups: shuffle each block and
// recompute ΣGⱼ² (Q's denominator does not change under these shuffles).
function withinBlockPValue(
  blocks: readonly (readonly number[])[],
  groups: number,
  observedQ: number,
  resamples: number,
  seed: number,
): number {
  const observed = columnTotals(blocks, groups).reduce((sum, value) => sum + value * value, 0);
  const random = new RandomSource(seed);
  const block = new Float64Array(groups);
  const totals = new Float64Array(groups);
  let extreme = 0;
  for (let draw = 0; draw < resamples; draw++) {
    totals.fill(0);
    for (const values of blocks) {
      block.set(values);
      for (let index = groups - 1; index > 0; index--) {
        const other = random.nextIndex(index + 1);
        const held = block[index]!;
        block[index] = block[other]!;
        block[other] = held;
      }
      for (let group = 0; group < groups; group++) totals[group]! += block[group]!;
    }
    let squares = 0;
    for (const total of totals) squares += total * total;
    if (squares >= observed * (1 - 1e-9)) extreme++;
  }
  return observedQ === 0 ? 1 : (1 + extreme) / (1 + resamples);
}
