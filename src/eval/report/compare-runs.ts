import type { RunRecord } from '../../spec/run.ts';
import {
  type ComparisonRecord,
  comparePair,
  comparisonRecord,
  decidePairs,
  summarizeColumn,
} from '../../stats/index.ts';
import type { Interval } from '../../stats/interval.ts';
import type { RunStore } from '../../store/run-store.ts';
import { type ColumnDrift, columnDrift, type TestChange } from './test-drift.ts';
import { type LabelSource, readTestLabels } from './test-labels.ts';

/** One column of the earlier run and its counterpart in the later one, compared test by test. */
export interface ColumnChange {
  prompt: string;
  model: string;
  /** The later run's column, when it differs (a new model, or a renamed prompt). */
  afterPrompt: string;
  afterModel: string;
  /** How the two columns were paired: same prompt and model, same prompt, same model, or the only ones left. */
  pairedBy: 'same column' | 'prompt' | 'model' | 'remaining';
  drift: ColumnDrift;
  before: Interval | undefined;
  after: Interval | undefined;
  /** After − before, with its interval; undefined when no test has outcomes in both runs. */
  difference: Interval | undefined;
  tests: number;
  adjustedPValue: number | undefined;
  significant: boolean;
  verdict: string;
  /** The comparison in full, in the shape every surface gives (before as A, after as B). */
  comparison: ComparisonRecord;
}

/** How a later run differs from an earlier one, column by column. */
export interface RunComparison {
  before: RunRecord;
  after: RunRecord;
  columns: ColumnChange[];
  /** Columns (prompt × model) found in one run only, with no counterpart. */
  onlyBefore: string[];
  onlyAfter: string[];
}

/**
 * Compare two runs of (versions of) a suite: every prompt × model column present in both, paired on
 * the test ids they share, with Holm's correction over the columns. A regression report.
 */
export function compareRuns(store: RunStore, beforeId: string, afterId: string, alpha = 0.05): RunComparison {
  const before = store.getRun(beforeId);
  const after = store.getRun(afterId);
  const beforeColumns = columnsOf(before);
  const afterColumns = columnsOf(after);
  const matches = pairColumns([...beforeColumns.keys()], [...afterColumns.keys()]);
  const pairs = matches.map(({ before: name, after: afterName, pairedBy }) => {
    const ids = new Map<string, number>();
    const beforeColumn = beforeColumns.get(name)!;
    const afterColumn = afterColumns.get(afterName)!;
    const a = outcomes(store, before.id, beforeColumn, ids);
    const b = outcomes(store, after.id, afterColumn, ids);
    for (const side of [a, b]) while (side.length < ids.size) side.push([]);
    const [prompt = name, model = ''] = name.split('\n');
    const [afterPrompt = afterName, afterModel = ''] = afterName.split('\n');
    const drift = columnDrift(
      store,
      { runId: before.id, ...beforeColumn },
      { runId: after.id, ...afterColumn },
    );
    const seed = before.manifest.seed ?? 0;
    const result = comparePair(a, b, { seed });
    return { prompt, model, afterPrompt, afterModel, pairedBy, drift, a, b, seed, result };
  });
  const decided = decidePairs(
    pairs.map(({ a, b, seed, result }) => ({
      a: { name: before.id, perTest: a },
      b: { name: after.id, perTest: b },
      seed,
      result,
    })),
    { alpha },
  );
  const columns = pairs.map(({ a, b, seed: _seed, result, ...pair }, index): ColumnChange => {
    const comparison = decided[index]!;
    return {
      ...pair,
      before: passRate(a),
      after: passRate(b),
      difference: result.tests === 0 ? undefined : result.difference,
      tests: result.tests,
      adjustedPValue: result.tests === 0 ? undefined : comparison.adjustedPValue,
      significant: comparison.significant,
      verdict: comparison.verdict,
      comparison: comparisonRecord(comparison),
    };
  });
  const label = (name: string) => name.replace('\n', ' × ');
  return {
    before,
    after,
    columns,
    onlyBefore: [...beforeColumns.keys()]
      .filter((name) => !matches.some((m) => m.before === name))
      .map(label),
    onlyAfter: [...afterColumns.keys()].filter((name) => !matches.some((m) => m.after === name)).map(label),
  };
}

/**
 * Pair the columns (`prompt \n model`) of two runs: the same column first; then the same prompt
 * under another model (model drift); then the same model with another prompt (a renamed prompt);
 * then, when exactly one column is left on each side, those two.
 */
function pairColumns(
  before: readonly string[],
  after: readonly string[],
): { before: string; after: string; pairedBy: ColumnChange['pairedBy'] }[] {
  const left = new Set(before);
  const right = new Set(after);
  const pairs: { before: string; after: string; pairedBy: ColumnChange['pairedBy'] }[] = [];
  const take = (pairedBy: ColumnChange['pairedBy'], same: (a: string, b: string) => boolean) => {
    for (const a of [...left]) {
      const candidates = [...right].filter((b) => same(a, b));
      if (candidates.length !== 1) continue;
      pairs.push({ before: a, after: candidates[0]!, pairedBy });
      left.delete(a);
      right.delete(candidates[0]!);
    }
  };
  const part = (name: string, index: number) => name.split('\n')[index];
  take('same column', (a, b) => a === b);
  take('prompt', (a, b) => part(a, 0) === part(b, 0));
  take('model', (a, b) => part(a, 1) === part(b, 1));
  if (left.size === 1 && right.size === 1) take('remaining', () => true);
  return pairs;
}

/** Columns of a run by `prompt label \n model label`. */
function columnsOf(run: RunRecord): Map<string, { promptIndex: number; modelIndex: number }> {
  const columns = new Map<string, { promptIndex: number; modelIndex: number }>();
  run.manifest.prompts.forEach((prompt, promptIndex) => {
    run.manifest.models.forEach((model, modelIndex) => {
      columns.set(`${prompt.label}\n${model.label}`, { promptIndex, modelIndex });
    });
  });
  return columns;
}

/** One column's 0/1 outcomes per test, placed by test id so both runs line up. */
function outcomes(
  store: RunStore,
  runId: string,
  column: { promptIndex: number; modelIndex: number },
  ids: Map<string, number>,
): number[][] {
  const perTest: number[][] = [];
  for (const { testId, pass } of store.iterateOutcomes(runId, column.promptIndex, column.modelIndex)) {
    let index = ids.get(testId);
    if (index === undefined) {
      index = ids.size;
      ids.set(testId, index);
    }
    while (perTest.length <= index) perTest.push([]);
    perTest[index]!.push(pass);
  }
  return perTest;
}

function passRate(perTest: number[][]): Interval | undefined {
  const summary = summarizeColumn(perTest);
  return summary.tests === 0 ? undefined : summary.estimate;
}

/**
 * compareRuns with the tests that regressed or improved labelled by their description or first
 * variables, read from the later run's suite (see readTestLabels): what a person reads.
 */
export async function compareRunsNamed(
  store: RunStore,
  beforeId: string,
  afterId: string,
  source: (suiteFile: string) => LabelSource,
  alpha = 0.05,
): Promise<RunComparison> {
  const comparison = compareRuns(store, beforeId, afterId, alpha);
  const changes = comparison.columns.flatMap((column) => [
    ...column.drift.regressed,
    ...column.drift.improved,
  ]);
  if (changes.length === 0) return comparison;
  const labels = await readTestLabels(
    source(comparison.after.manifest.suiteFile),
    changes.map((change) => change.testId),
  );
  const labelled = (change: TestChange): TestChange => {
    const label = labels.get(change.testId);
    return label === undefined ? change : { ...change, label };
  };
  return {
    ...comparison,
    columns: comparison.columns.map((column) => ({
      ...column,
      drift: {
        ...column.drift,
        regressed: column.drift.regressed.map(labelled),
        improved: column.drift.improved.map(labelled),
      },
    })),
  };
}
