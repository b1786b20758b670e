import type { AssertionResult } from '../../spec/assertion.ts';
import { passRateOf } from '../../spec/pass-rate.ts';
import type { CellRecord, ManifestGrader, RunManifest, RunRecord } from '../../spec/run.ts';
import { type ComparisonRecord, compareAll, comparisonRecord, summarizeColumn } from '../../stats/index.ts';
import type { Interval, PerTestOutcomes } from '../../stats/interval.ts';
import type { RunStore } from '../../store/run-store.ts';
import { undecidedAdvice } from '../assertions/undecided-advice.ts';
import { describeGrader, graderOfManifest } from '../run/run-grader.ts';
import { type Breakdown, buildBreakdown } from './breakdown.ts';
import type { DerivedMetricTotal } from './derived-metrics.ts';
import { buildMetricTotals, type MetricTotal } from './metric-totals.ts';

/** One prompt × model column of a run. */
export interface ColumnReport {
  name: string;
  prompt: string;
  model: string;
  cells: number;
  errors: number;
  /** Cells that passed and failed their checks: together, the decided cells the pass rate is over. */
  passed: number;
  failed: number;
  decided: number;
  /** Cells whose checks could not decide: left out of the pass rate, as errors are. */
  undecided: number;
  /**
   * Pass rate over the decided cells, passed / decided (passRateOf), with a Wilson (clustered
   * when repeated) 95% interval over the decided outcomes.
   */
  passRate: (Interval & { method: string }) | undefined;
  /** Tests with at least one verdict. */
  tests: number;
  meanScore: number | undefined;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  /** Median of the calls' own latency (the wait for the provider's concurrency limit not included). */
  latencyP50: number | undefined;
  /** Median and 95th percentile wait for the provider's concurrency limit; undefined when no call waited. */
  queueP50?: number | undefined;
  queueP95?: number | undefined;
}

/** A test whose verdict changed between repeats, and in which columns. */
export interface FlakyTest {
  /** The test's place in the suite, from 1 (as failures and exports number it). */
  test: number;
  testId: string;
  /** Its description, else its first variables (see testLabel), when the suite still has it. */
  label?: string;
  columns: string[];
}

/** A cell that failed its checks or whose call failed, as a report lists it. */
export interface FailedCell {
  /** The test's place in the suite, from 1. */
  test: number;
  testId: string;
  /** Its description, else its first variables (see testLabel), when the suite still has it. */
  label?: string;
  column: string;
  repeat: number;
  /** Why the call failed, when it did. */
  error?: { code: string; message: string };
  /** The checks that failed (a group's own failing checks), by metric name or type, with why. */
  checks: { name: string; reason: string }[];
  /** The verdict's reason (a score below the test's threshold fails with every check passed). */
  reason?: string;
  /** The start of the answer, on one line. */
  output?: string;
}

/** Checks that could not decide, why, and what to do about it, as a report says it once. */
export interface UndecidedCheck {
  /** The check's type (`javascript`, `similar`, ...). */
  check: string;
  reason: string;
  /** Undecided cells this check left undecided. */
  cells: number;
  /** How to have it decide, when the cause is one plume knows (allowCode, an embedding model). */
  advice?: string;
}

/** How many causes of undecided cells a report lists. */
export const UNDECIDED_SHOWN = 5;

/** What a run found, read back from the store. */
export interface RunReport {
  run: RunRecord;
  columns: ColumnReport[];
  /** Every pair of columns, Holm-corrected, in the shape every surface gives (see comparisonRecord). */
  comparisons: ComparisonRecord[];
  flaky: FlakyTest[];
  /** The first failed or errored cells, in test order (FAILURES_SHOWN at most). */
  failures: FailedCell[];
  /** Why cells are undecided, most cells first (UNDECIDED_SHOWN at most); empty when none is. */
  undecidedChecks: UndecidedCheck[];
  /** The model grading the model-graded checks that name none, where it was set, and both in words. */
  grader: ManifestGrader & { description: string };
  /** Named metrics totalled per column; absent when no check names a metric. */
  metrics?: MetricTotal[];
  /** The suite's derived metrics per column (derivedMetrics), when the report was made with the suite. */
  derivedMetrics?: DerivedMetricTotal[];
  /** Pass rates per value of each variable asked for (`--by`), in the order asked. */
  breakdowns?: Breakdown[];
}

/** What a report adds to the run's figures. */
export interface RunReportOptions {
  /** Test variables to break the pass rates down by. */
  by?: readonly string[];
}

/** How many failed cells a report lists; every cell is in `plume runs export`. */
export const FAILURES_SHOWN = 10;

/** How much of a failed cell's answer a report shows. */
const OUTPUT_SHOWN = 100;

/**
 * Summarize a run from its stored cells: each column's pass rate with its interval, cost, median
 * latency; every pair compared (paired, Holm-corrected); and the flaky tests when there are repeats.
 * The cells' outcomes are read in one pass over the run; only their 0/1 outcomes are held.
 */
export function buildRunReport(store: RunStore, runId: string, options: RunReportOptions = {}): RunReport {
  const run = store.getRun(runId);
  const { manifest } = run;
  const figures = store.columnFigures(runId);
  const columns: ColumnReport[] = [];
  const outcomes: { name: string; perTest: PerTestOutcomes }[] = [];
  const flakyByTest = new Map<number, string[]>();
  const models = manifest.models.length;
  const perColumn = readOutcomes(store, runId, manifest.prompts.length * models, models, manifest.testCount);
  const places: { name: string; place: number }[] = [];
  for (const figure of figures) {
    const { prompt, model, name } = columnLabels(manifest, figure.promptIndex, figure.modelIndex);
    const perTest = perColumn[figure.promptIndex * models + figure.modelIndex] ?? [];
    const summary = summarizeColumn(perTest, { seed: manifest.seed ?? 0 });
    outcomes.push({ name, perTest });
    places.push({ name, place: figure.promptIndex * models + figure.modelIndex });
    if (manifest.repeats > 1) {
      for (const index of summary.flaky) flakyByTest.set(index, [...(flakyByTest.get(index) ?? []), name]);
    }
    const { promptIndex: _p, modelIndex: _m, ...rest } = figure;
    const rate = passRateOf(figure);
    columns.push({
      name,
      prompt,
      model,
      ...rest,
      decided: rate.decided,
      tests: summary.tests,
      // The estimate is the one pass rate (passed / decided); the interval is over the tests.
      passRate:
        summary.tests === 0 || rate.rate === null ? undefined : { ...summary.estimate, estimate: rate.rate },
    });
  }
  const comparable = outcomes.filter((column) => column.perTest.some((tests) => tests.length > 0));
  const comparisons =
    comparable.length < 2 ? [] : compareAll(comparable, { seed: manifest.seed ?? 0 }).map(comparisonRecord);
  const ids = store.testIds(runId, [...flakyByTest.keys()]);
  const flaky = [...flakyByTest].map(([index, names]) => ({
    test: index + 1,
    testId: ids.get(index) ?? String(index),
    columns: names,
  }));
  const { failed, errors } = run.totals;
  const failures =
    failed + errors === 0
      ? []
      : store.failedCells(runId, FAILURES_SHOWN).map((cell) => failedCell(cell, manifest));
  const undecidedChecks =
    run.totals.undecided === 0
      ? []
      : store.undecidedChecks(runId, UNDECIDED_SHOWN).map(({ type, reason, cells }) => {
          const advice = undecidedAdvice(reason);
          return { check: type, reason, cells, ...(advice === undefined ? {} : { advice }) };
        });
  const grader = graderOfManifest(manifest);
  const seed = manifest.seed ?? 0;
  const metrics = buildMetricTotals(store, runId, places, { models, seed });
  const breakdowns = options.by?.map((variable) =>
    buildBreakdown(store, runId, variable, outcomes, { seed }),
  );
  return {
    run,
    columns,
    comparisons,
    flaky,
    failures,
    undecidedChecks,
    grader: { ...grader, description: describeGrader(grader) },
    ...(metrics.length === 0 ? {} : { metrics }),
    ...(breakdowns === undefined ? {} : { breakdowns }),
  };
}

/** The ids of the tests a report names (its flaky tests and failed cells), to label them. */
export function reportTestIds(report: RunReport): string[] {
  return [...new Set([...report.flaky, ...report.failures].map((test) => test.testId))];
}

/** The report with its tests' labels (testId → label) added where known. */
export function labelReport(report: RunReport, labels: ReadonlyMap<string, string>): RunReport {
  const labelled = <T extends { testId: string }>(test: T): T => {
    const label = labels.get(test.testId);
    return label === undefined ? test : { ...test, label };
  };
  return { ...report, flaky: report.flaky.map(labelled), failures: report.failures.map(labelled) };
}

function failedCell(cell: CellRecord, manifest: RunManifest): FailedCell {
  return {
    test: cell.testIndex + 1,
    testId: cell.testId,
    column: columnLabels(manifest, cell.promptIndex, cell.modelIndex).name,
    repeat: cell.repeat,
    ...(cell.error === undefined ? {} : { error: cell.error }),
    checks: failedChecks(cell.assertions),
    ...(cell.reason === undefined ? {} : { reason: cell.reason }),
    ...(cell.output === undefined ? {} : { output: oneLine(cell.output, OUTPUT_SHOWN) }),
  };
}

function failedChecks(results: readonly AssertionResult[]): FailedCell['checks'] {
  return results.flatMap((result) => {
    if (result.pass) return [];
    if (result.children?.some((child) => !child.pass)) return failedChecks(result.children);
    return [{ name: result.metric ?? result.type, reason: result.reason }];
  });
}

// Whitespace runs as one space, cut at `length` characters with an ellipsis.
function oneLine(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

// Shared, never written: most tests of a run have one outcome, and a million one-element arrays
// would be the largest thing a report holds (some 40 MiB a column).
const NO_OUTCOME: readonly number[] = Object.freeze([]);
const ONE_OUTCOME: readonly (readonly number[])[] = [Object.freeze([0]), Object.freeze([1])];

/**
 * Each column's pass (1) and fail (0) outcomes by test index, repeats in order, read in one pass;
 * a column's place is `promptIndex * models + modelIndex`.
 */
function readOutcomes(
  store: RunStore,
  runId: string,
  columns: number,
  models: number,
  testCount: number,
): PerTestOutcomes[] {
  const perColumn = Array.from({ length: columns }, (): (readonly number[])[] =>
    new Array(testCount).fill(NO_OUTCOME),
  );
  for (const packed of store.iteratePackedOutcomes(runId, models, testCount)) {
    const pass = packed % 2;
    const place = (packed - pass) / 2;
    const testIndex = place % testCount;
    const perTest = perColumn[(place - testIndex) / testCount];
    const current = perTest?.[testIndex];
    if (perTest === undefined || current === undefined) continue;
    if (current.length === 0) perTest[testIndex] = ONE_OUTCOME[pass] ?? [pass];
    // A shared one-outcome array is copied once; the copy is this test's own to append to.
    else if (current.length === 1) perTest[testIndex] = [current[0]!, pass];
    else (current as number[]).push(pass);
  }
  return perColumn;
}

/** A column's prompt and model labels, and the name the report gives it. */
function columnLabels(
  manifest: RunManifest,
  promptIndex: number,
  modelIndex: number,
): { prompt: string; model: string; name: string } {
  const prompt = manifest.prompts[promptIndex]?.label ?? `prompt ${promptIndex}`;
  const model = manifest.models[modelIndex]?.label ?? `model ${modelIndex}`;
  return { prompt, model, name: columnName(prompt, model, manifest.prompts.length, manifest.models.length) };
}

function columnName(prompt: string, model: string, prompts: number, models: number): string {
  if (models === 1 && prompts > 1) return prompt;
  if (prompts === 1) return model;
  return `${prompt} × ${model}`;
}
