import { createHash } from 'node:crypto';
import {
  blockedRateTest,
  type GroupTestResult,
  groupRateTest,
  holm,
  RandomSource,
  requiredSampleSize,
  summarizeColumn,
} from '../../stats/index.ts';
import type { Interval, PerTestOutcomes } from '../../stats/interval.ts';
import type { RunStore } from '../../store/run-store.ts';
import { PlumeError } from '../../util/errors.ts';

/** Most values a breakdown shows; past this, the least common are grouped as OTHER_VALUE. */
export const MOST_VALUES = 20;
/** The group of the values a breakdown does not show one by one. */
export const OTHER_VALUE = '(other)';
/** The group of the tests that do not set the variable. */
export const UNSET_VALUE = '(unset)';
/** Level of the tests across values, after Holm's correction over the columns. */
export const BREAKDOWN_ALPHA = 0.05;

/** One value of the variable in one column: its pass rate over the tests with that value. */
export interface BreakdownCell {
  value: string;
  /** Tests of this value with at least one decided outcome in this column. */
  tests: number;
  /** Wilson 95% interval (clustered over tests when repeated); undefined without a test. */
  passRate: (Interval & { method: string }) | undefined;
}

/** Whether a column's pass rate differs across the values, and how many tests would settle it. */
export interface BreakdownTest extends GroupTestResult {
  /** Holm-adjusted over the columns tested (the p-value itself with one column). */
  adjustedPValue: number;
  /** adjustedPValue below BREAKDOWN_ALPHA. */
  significant: boolean;
  /** Complete blocks the paired test used, when paired. */
  blocks?: number;
}

/** The values with the highest and the lowest pass rate, and the tests needed to tell them apart. */
export interface BreakdownSpread {
  highest: string;
  lowest: string;
  /** highest − lowest, as a proportion. */
  difference: number;
  /**
   * Tests needed for each of the two values to detect this difference with 80% power at
   * BREAKDOWN_ALPHA / columns tested (Holm's strictest step); blocks when paired. Undefined
   * when the rates are equal.
   */
  testsNeeded: number | undefined;
}

/** One prompt × model column of a breakdown. */
export interface BreakdownColumn {
  column: string;
  values: BreakdownCell[];
  test: BreakdownTest | undefined;
  spread: BreakdownSpread | undefined;
}

/** Whether the suite pairs its tests across the values, and why not when it does not. */
export type BreakdownPairing = { paired: true; blocks: number } | { paired: false; reason: string };

/** A run's pass rates per value of one test variable, column by column, with a test across values. */
export interface Breakdown {
  variable: string;
  /** The values shown, most common first, with the run's tests of each (decided or not). */
  values: { value: string; tests: number }[];
  /** Distinct values grouped as OTHER_VALUE (0 when every value is shown). */
  otherValues: number;
  pairing: BreakdownPairing;
  /** How the columns' p-values were corrected: Holm's method when more than one column was tested. */
  correction: 'holm' | 'none';
  columns: BreakdownColumn[];
}

/** A column's outcomes, as the run report read them (per test, repeats in order; errors left out). */
export interface ColumnOutcomes {
  name: string;
  perTest: PerTestOutcomes;
}

/**
 * The breakdown of a run by one test variable, from the outcomes the report already read and the
 * run's recorded tests (one row a test, read twice, one at a time): per value and column, the pass
 * rate with its interval; per column, a test of whether the rate differs across values — paired
 * when each test has a counterpart of every other value sharing all its other variables — Holm-
 * corrected over the columns, and the tests needed to detect the gap between the extreme values.
 */
export function buildBreakdown(
  store: RunStore,
  runId: string,
  variable: string,
  columns: readonly ColumnOutcomes[],
  options: { seed?: number } = {},
): Breakdown {
  checkVariable(store, runId, variable);
  const groups = readGroups(store, runId, variable);
  const seed = options.seed ?? 0;
  const built = columns.map((column, index) =>
    breakdownColumn(column, groups, RandomSource.derive(seed, index)),
  );
  const tested = built.filter((column) => column.result !== undefined);
  const adjusted = holm(tested.map((column) => column.result!.pValue));
  const testsNeededAlpha = BREAKDOWN_ALPHA / Math.max(1, tested.length);
  const breakdownColumns = built.map((column) => {
    const at = tested.indexOf(column);
    const test =
      column.result === undefined
        ? undefined
        : {
            ...column.result,
            adjustedPValue: adjusted[at]!,
            significant: adjusted[at]! < BREAKDOWN_ALPHA,
          };
    return {
      column: column.name,
      values: column.values,
      test,
      spread: spread(column.values, column.blockRates, groups, testsNeededAlpha),
    };
  });
  return {
    variable,
    values: groups.names.map((value, index) => ({ value, tests: groups.sizes[index]! })),
    otherValues: groups.otherValues,
    pairing: groups.pairing,
    correction: tested.length > 1 ? 'holm' : 'none',
    columns: breakdownColumns,
  };
}

/** The variables a run's tests have, for a clear error and for the web app's choice. */
export function breakdownVariables(store: RunStore, runId: string): { name: string; tests: number }[] {
  store.getRun(runId);
  return store.tests.variables(runId);
}

function checkVariable(store: RunStore, runId: string, variable: string): void {
  store.getRun(runId);
  if (store.tests.count(runId) === 0) {
    throw new PlumeError({
      code: 'USAGE',
      message: `run ${runId} has no recorded test variables to break down by '${variable}' (it was stored by an earlier plume, or has no test yet)`,
      hint: `run it again with \`plume eval --replay ${runId} --by ${variable}\`: cached answers cost nothing`,
    });
  }
  const names = store.tests.variables(runId).map((entry) => entry.name);
  if (!names.includes(variable)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `no test of run ${runId} has a variable '${variable}' to break down by`,
      hint:
        names.length === 0
          ? 'its tests have no variables'
          : `its tests have: ${names.join(', ')} (names are case-sensitive)`,
    });
  }
}

/** Each test's group, the groups' names and sizes, and the blocks of paired tests. */
interface Groups {
  names: string[];
  sizes: number[];
  otherValues: number;
  /** Group of each test index; −1 for a test not recorded. */
  groupOf: Int32Array;
  pairing: BreakdownPairing;
  /** When paired: each block's test indices, one per group in group order. */
  blocks: Int32Array[];
}

function readGroups(store: RunStore, runId: string, variable: string): Groups {
  const counts = new Map<string, number>();
  let testCount = 0;
  for (const test of store.tests.iterate(runId)) {
    const value = test.vars[variable] ?? UNSET_VALUE;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    testCount = Math.max(testCount, test.index + 1);
  }
  const ranked = [...counts].sort(
    ([left, leftCount], [right, rightCount]) =>
      rightCount - leftCount || left.localeCompare(right, 'en', { numeric: true }),
  );
  const shown = ranked.length > MOST_VALUES ? ranked.slice(0, MOST_VALUES - 1) : ranked;
  const names = shown.map(([value]) => value);
  const otherValues = ranked.length - shown.length;
  if (otherValues > 0) names.push(OTHER_VALUE);
  const place = new Map(names.map((name, index) => [name, index]));
  const other = place.get(OTHER_VALUE);
  const sizes = new Array<number>(names.length).fill(0);
  const groupOf = new Int32Array(testCount).fill(-1);
  const pairs = names.length >= 2 && otherValues === 0 ? new PairFinder(names.length) : undefined;
  for (const test of store.tests.iterate(runId)) {
    const group = place.get(test.vars[variable] ?? UNSET_VALUE) ?? other ?? -1;
    groupOf[test.index] = group;
    if (group >= 0) sizes[group]! += 1;
    pairs?.add(test.index, group, test.vars, variable);
  }
  const pairing: BreakdownPairing =
    otherValues > 0
      ? { paired: false, reason: `more than ${MOST_VALUES} values: the rarest are grouped as ${OTHER_VALUE}` }
      : names.length < 2
        ? { paired: false, reason: 'one value only' }
        : pairs!.pairing();
  return { names, sizes, otherValues, groupOf, pairing, blocks: pairing.paired ? pairs!.blocks() : [] };
}

/**
 * Finds whether the tests come in complete blocks: every test has, for each other value, exactly
 * one test whose other variables are all the same (counterfactual pairs, a probe's variants).
 * Only then is a paired test used; a suite where some test lacks a counterpart is tested unpaired,
 * and the report says how many tests broke the pairing.
 */
class PairFinder {
  readonly #groups: number;
  readonly #blocks = new Map<string, Int32Array>();
  #clash = 0;

  constructor(groups: number) {
    this.#groups = groups;
  }

  add(index: number, group: number, vars: Readonly<Record<string, string>>, variable: string): void {
    const rest = Object.entries(vars)
      .filter(([name]) => name !== variable)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    const key = createHash('sha1').update(JSON.stringify(rest)).digest('base64');
    let block = this.#blocks.get(key);
    if (block === undefined) {
      block = new Int32Array(this.#groups).fill(-1);
      this.#blocks.set(key, block);
    }
    if (block[group] !== -1) this.#clash++;
    else block[group] = index;
  }

  pairing(): BreakdownPairing {
    const blocks = [...this.#blocks.values()];
    const incomplete = blocks.filter((block) => block.includes(-1));
    if (this.#clash > 0) {
      return {
        paired: false,
        reason: `${this.#clash} tests share all their other variables with another test of the same value`,
      };
    }
    if (incomplete.length === blocks.length) {
      return {
        paired: false,
        reason: 'no test has a counterpart of every other value with the same other variables',
      };
    }
    if (incomplete.length > 0) {
      const alone = incomplete.reduce((sum, block) => sum + block.filter((index) => index !== -1).length, 0);
      return {
        paired: false,
        reason: `${alone} tests have no counterpart of every other value with the same other variables`,
      };
    }
    return { paired: true, blocks: blocks.length };
  }

  blocks(): Int32Array[] {
    return [...this.#blocks.values()];
  }
}

interface BuiltColumn {
  name: string;
  values: BreakdownCell[];
  result: (GroupTestResult & { blocks?: number }) | undefined;
  /** When paired: the pass rates of each complete block, one per group. */
  blockRates: number[][] | undefined;
}

function breakdownColumn(column: ColumnOutcomes, groups: Groups, seed: number): BuiltColumn {
  const perGroup = groups.names.map((): (readonly number[])[] => []);
  column.perTest.forEach((outcomes, testIndex) => {
    const group = groups.groupOf[testIndex] ?? -1;
    if (group >= 0 && outcomes.length > 0) perGroup[group]!.push(outcomes);
  });
  const values = groups.names.map((value, index): BreakdownCell => {
    const outcomes = perGroup[index]!;
    if (outcomes.length === 0) return { value, tests: 0, passRate: undefined };
    const { estimate } = summarizeColumn(outcomes);
    return { value, tests: outcomes.length, passRate: estimate };
  });
  if (groups.pairing.paired) {
    const blockRates = groups.blocks.flatMap((block) => {
      const rates = [...block].map((testIndex) => rateOf(column.perTest[testIndex]));
      return rates.every((rate) => rate !== undefined) ? [rates as number[]] : [];
    });
    const result = blockedRateTest(blockRates, { seed });
    return {
      name: column.name,
      values,
      result:
        result === undefined || blockRates.length < 2 ? undefined : { ...result, blocks: blockRates.length },
      blockRates,
    };
  }
  const result = groupRateTest(
    perGroup.map((outcomes) => outcomes.map((runs) => rateOf(runs)!)),
    { seed },
  );
  return { name: column.name, values, result, blockRates: undefined };
}

function rateOf(outcomes: readonly number[] | undefined): number | undefined {
  if (outcomes === undefined || outcomes.length === 0) return undefined;
  let sum = 0;
  for (const outcome of outcomes) sum += outcome;
  return sum / outcomes.length;
}

function spread(
  values: readonly BreakdownCell[],
  blockRates: readonly number[][] | undefined,
  groups: Groups,
  alpha: number,
): BreakdownSpread | undefined {
  const rated = values.filter((cell) => cell.passRate !== undefined);
  if (rated.length < 2) return undefined;
  const byRate = [...rated].sort((left, right) => right.passRate!.estimate - left.passRate!.estimate);
  const highest = byRate[0]!;
  const lowest = byRate[byRate.length - 1]!;
  const difference = highest.passRate!.estimate - lowest.passRate!.estimate;
  let testsNeeded: number | undefined;
  if (blockRates !== undefined && blockRates.length > 0) {
    const high = groups.names.indexOf(highest.value);
    const low = groups.names.indexOf(lowest.value);
    // Connor's discordance: the share of blocks whose two tests disagree (their mean gap when repeated).
    const discordance =
      blockRates.reduce((sum, rates) => sum + Math.abs(rates[high]! - rates[low]!), 0) / blockRates.length;
    testsNeeded = requiredSampleSize({ kind: 'pass-fail', discordance, difference }, { alpha });
  } else {
    testsNeeded = requiredSampleSize(
      { kind: 'two-proportions', rates: [highest.passRate!.estimate, lowest.passRate!.estimate] },
      { alpha },
    );
  }
  return { highest: highest.value, lowest: lowest.value, difference, testsNeeded };
}
