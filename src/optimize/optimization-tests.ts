import { compileAssertions, prepareAssertions } from '../eval/assertions/compile-assertions.ts';
import { collectTests } from '../eval/suite/iterate-tests.ts';
import type { Suite } from '../spec/suite.ts';
import { PlumeError } from '../util/errors.ts';
import type { OptimizationTest } from './evaluator.ts';
import { type SearchSettings, winnerTestCount } from './search-context.ts';
import { type SplitShares, splitTests } from './split-tests.ts';

/** Fewest validation and held-out tests an optimization runs with. */
export const MIN_TESTS_PER_PART = 10;

/** An optimization's tests, split, with the validation tests a winner is scored on. */
export interface OptimizationTestSets {
  all: OptimizationTest[];
  train: OptimizationTest[];
  validation: OptimizationTest[];
  heldOut: OptimizationTest[];
  /** The first validation tests: every candidate that becomes the best so far is scored on them. */
  basis: OptimizationTest[];
}

/**
 * The suite's tests with their checks compiled once, split three ways; refused (a user error)
 * when a part is too small to show a lift, or when more validation tests are asked of a winner
 * than there are. The dry run and the optimization both split through here.
 */
export async function optimizationTestSets(
  suite: Suite,
  settings: { split: SplitShares; seed: number; search: Pick<SearchSettings, 'minWinnerTests'> },
): Promise<OptimizationTestSets> {
  const all = await optimizationTests(suite);
  const split = splitTests(
    all.map((entry) => entry.test),
    settings.split,
    settings.seed,
  );
  const byId = new Map(all.map((entry) => [entry.test.id, entry]));
  const part = (list: readonly { id: string }[]) => list.map((test) => byId.get(test.id)!);
  const train = part(split.train);
  const validation = part(split.validation);
  const heldOut = part(split.test);
  if (validation.length < MIN_TESTS_PER_PART || heldOut.length < MIN_TESTS_PER_PART) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: `${all.length} tests leave ${validation.length} for validation and ${heldOut.length} held out`,
      hint: `optimization needs at least ${MIN_TESTS_PER_PART} tests in each (with fewer, no lift can be shown significant): add tests — a few dozen at least — or change --split`,
      location: { file: suite.file },
    });
  }
  const asked = settings.search.minWinnerTests;
  if (asked !== undefined && (asked > validation.length || asked < MIN_TESTS_PER_PART)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--min-validation ${asked} is ${asked < MIN_TESTS_PER_PART ? `below ${MIN_TESTS_PER_PART}` : `more than the ${validation.length} validation tests`}`,
      hint: `give between ${MIN_TESTS_PER_PART} and ${validation.length} (the default: all ${validation.length}), or change --split`,
    });
  }
  const basis = validation.slice(0, winnerTestCount(settings.search, validation.length));
  return { all, train, validation, heldOut, basis };
}

async function optimizationTests(suite: Suite): Promise<OptimizationTest[]> {
  const tests = await collectTests(suite);
  for (const test of tests) await prepareAssertions(test.assert);
  return tests.map((test) => ({
    test,
    assertions: compileAssertions(test.assert, {
      ...(test.threshold === undefined ? {} : { threshold: test.threshold }),
      ...(test.dataChecksFrom === undefined ? {} : { dataFrom: test.dataChecksFrom }),
      dataVars: test.origin === 'data',
      locate: () => (test.line === undefined ? { file: test.file } : { file: test.file, line: test.line }),
    }),
  }));
}
