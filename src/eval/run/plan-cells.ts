import type { SuiteTest } from '../../spec/suite.ts';
import {
  type CompiledAssertions,
  compileAssertions,
  prepareAssertions,
} from '../assertions/compile-assertions.ts';

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

/** How many prompts, models and repeats each test is run with. */
export interface PlanAxes {
  prompts: number;
  models: number;
  repeats: number;
  /** Whether the prompt runs against the model (a model's `prompts` filter); absent: every pair runs. */
  runs?: (promptIndex: number, modelIndex: number) => boolean;
}

/** A model restricted to some prompts (ManifestModel, SuiteModel). */
interface PromptFiltered {
  promptIndices?: readonly number[] | undefined;
}

/** Whether prompt `promptIndex` runs against `model`. */
export function runsPrompt(model: PromptFiltered | undefined, promptIndex: number): boolean {
  return model?.promptIndices === undefined || model.promptIndices.includes(promptIndex);
}

/** The (prompt, model) pairs each test runs: every pair but those a model's `prompts` filter leaves out. */
export function pairCount(prompts: number, models: readonly PromptFiltered[]): number {
  return models.reduce(
    (sum, model) => sum + (model.promptIndices?.filter((index) => index < prompts).length ?? prompts),
    0,
  );
}

/** The axes of a plan over `prompts` prompts and `models`, with the models' prompt filters. */
export function planAxes(prompts: number, models: readonly PromptFiltered[], repeats: number): PlanAxes {
  const filtered = models.some((model) => model.promptIndices !== undefined);
  return {
    prompts,
    models: models.length,
    repeats,
    ...(filtered ? { runs: (promptIndex, modelIndex) => runsPrompt(models[modelIndex], promptIndex) } : {}),
  };
}

/**
 * The run's matrix, streamed: for each test, every prompt × model × repeat (but the pairs a
 * model's prompt filter leaves out, which get no cell and no key). Tests come in batches
 * (selectTestBatches); nothing is held but the current batch. `skip` leaves out cells already
 * done (a resume).
 */
export async function* planCells(
  batches: AsyncIterable<readonly SuiteTest[]>,
  axes: PlanAxes,
  skip: (key: string) => boolean = () => false,
  onTest: (test: PlannedTest) => void = () => {},
): AsyncGenerator<CellPlan> {
  let index = 0;
  let ordinal = 0;
  const compile = reuseCompiled();
  for await (const tests of batches) {
    for (const test of tests) {
      const compiled = compile(test);
      // Awaited only when checks were loaded for it: most tests reuse the previous test's.
      const assertions = compiled instanceof Promise ? await compiled : compiled;
      const planned: PlannedTest = { test, index: index++, assertions };
      onTest(planned);
      for (let promptIndex = 0; promptIndex < axes.prompts; promptIndex++) {
        for (let modelIndex = 0; modelIndex < axes.models; modelIndex++) {
          if (axes.runs !== undefined && !axes.runs(promptIndex, modelIndex)) continue;
          for (let repeat = 0; repeat < axes.repeats; repeat++) {
            const key = cellKey(ordinal++);
            if (!skip(key)) yield { key, promptIndex, modelIndex, repeat, test: planned };
          }
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
export function reuseCompiled(): (test: SuiteTest) => CompiledAssertions | Promise<CompiledAssertions> {
  let previous:
    | {
        entries: SuiteTest['assert'];
        threshold: number | undefined;
        dataFrom: number | undefined;
        dataVars: boolean;
        compiled: CompiledAssertions;
      }
    | undefined;
  return (test) => {
    const entries = test.assert;
    if (
      previous !== undefined &&
      previous.threshold === test.threshold &&
      previous.dataFrom === test.dataChecksFrom &&
      previous.dataVars === (test.origin === 'data') &&
      previous.entries.length === entries.length &&
      previous.entries.every((entry, position) => entry === entries[position])
    ) {
      return previous.compiled;
    }
    const compile = (): CompiledAssertions => {
      const compiled = compileAssertions(entries, {
        threshold: test.threshold,
        ...(test.dataChecksFrom === undefined ? {} : { dataFrom: test.dataChecksFrom }),
        dataVars: test.origin === 'data',
        locate: () => (test.line === undefined ? { file: test.file } : { file: test.file, line: test.line }),
      });
      previous = {
        entries,
        threshold: test.threshold,
        dataFrom: test.dataChecksFrom,
        dataVars: test.origin === 'data',
        compiled,
      };
      return compiled;
    };
    const loading = prepareAssertions(entries);
    return loading === undefined ? compile() : loading.then(compile);
  };
}

/**
 * A cell's key in its run: its place in the plan (test, then prompt, model, repeat), as 12 hex
 * digits. A run's suite, data and prompts are fixed (a resume checks them), so the place names the
 * cell; and keys written in plan order sort in plan order, so the store's unique index on them
 * grows at its end. A hash of the cell's inputs, as keys once were, put every insert in a random
 * page of that index: 12 of the 21 µs a cell's row cost to write.
 * Migration runs-003 gave the cells of earlier runs the same keys.
 */
export function cellKey(ordinal: number): string {
  return ordinal.toString(16).padStart(12, '0');
}
