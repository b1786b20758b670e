import type { SuiteTest } from '../../spec/suite.ts';
import { hashValue } from '../../util/hash.ts';
import { type CompiledAssertions, compileAssertions } from '../assertions/compile-assertions.ts';

/** A test with its assertions compiled once, shared by all its cells. */
export interface PlannedTest {
  test: SuiteTest;
  index: number;
  assertions: CompiledAssertions;
}

/** One cell to run. */
export interface CellPlan {
  key: string;
  promptIndex: number;
  modelIndex: number;
  repeat: number;
  test: PlannedTest;
}

/** The identities the cell key is made of: prompt labels with version hashes, model labels with refs and parameters. */
export interface PlanAxes {
  promptKeys: readonly string[];
  modelKeys: readonly string[];
  repeats: number;
}

/**
 * The run's matrix, streamed: for each test, every prompt × model × repeat. Nothing is held but
 * the current test; `skip` leaves out cells already done (a resume).
 */
export async function* planCells(
  tests: AsyncIterable<SuiteTest>,
  axes: PlanAxes,
  skip: (key: string) => boolean = () => false,
  onTest: (test: PlannedTest) => void = () => {},
): AsyncGenerator<CellPlan> {
  let index = 0;
  const compile = reuseCompiled();
  for await (const test of tests) {
    const planned: PlannedTest = { test, index: index++, assertions: compile(test) };
    onTest(planned);
    for (let promptIndex = 0; promptIndex < axes.promptKeys.length; promptIndex++) {
      for (let modelIndex = 0; modelIndex < axes.modelKeys.length; modelIndex++) {
        for (let repeat = 0; repeat < axes.repeats; repeat++) {
          const key = cellKey(axes.promptKeys[promptIndex]!, axes.modelKeys[modelIndex]!, test.id, repeat);
          if (!skip(key)) yield { key, promptIndex, modelIndex, repeat, test: planned };
        }
      }
    }
  }
}

/**
 * Compiles a test's assertions, or hands back the previous test's when its entries are the very same
 * objects with the same threshold: tests sharing the suite's defaultTest checks (a JSONL suite of a
 * million rows) compile them once, not once a row. A location only matters when compiling fails,
 * and a list that failed once is never reused.
 */
function reuseCompiled(): (test: SuiteTest) => CompiledAssertions {
  let previous:
    | { entries: SuiteTest['assert']; threshold: number | undefined; compiled: CompiledAssertions }
    | undefined;
  return (test) => {
    const entries = test.assert;
    if (
      previous !== undefined &&
      previous.threshold === test.threshold &&
      previous.entries.length === entries.length &&
      previous.entries.every((entry, position) => entry === entries[position])
    ) {
      return previous.compiled;
    }
    const compiled = compileAssertions(entries, {
      threshold: test.threshold,
      locate: () => (test.line === undefined ? { file: test.file } : { file: test.file, line: test.line }),
    });
    previous = { entries, threshold: test.threshold, compiled };
    return compiled;
  };
}

/** A cell's stable key: the same prompt version, model, test and repeat give the same key in every run. */
export function cellKey(promptKey: string, modelKey: string, testId: string, repeat: number): string {
  return hashValue([promptKey, modelKey, testId, repeat]).slice(0, 32);
}
