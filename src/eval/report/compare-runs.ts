import type { RunRecord } from '../../spec/run.ts';
import { comparePair, formatVerdict, holm, summarizeColumn } from '../../stats/index.ts';
import type { Interval } from '../../stats/interval.ts';
import type { RunStore } from '../../store/run-store.ts';

/** One prompt × model column present in both runs, compared test by test. */
export interface ColumnChange {
  prompt: string;
  model: string;
  before: Interval | undefined;
  after: Interval | undefined;
  /** After − before, with its interval; undefined when no test has outcomes in both runs. */
  difference: Interval | undefined;
  tests: number;
  adjustedPValue: number | undefined;
  significant: boolean;
  verdict: string;
}

/** How a later run differs from an earlier one, column by column. */
export interface RunComparison {
  before: RunRecord;
  after: RunRecord;
  columns: ColumnChange[];
  /** Columns (prompt × model) found in one run only. */
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
  const shared = [...beforeColumns.keys()].filter((name) => afterColumns.has(name));
  const pairs = shared.map((name) => {
    const ids = new Map<string, number>();
    const a = outcomes(store, before.id, beforeColumns.get(name)!, ids);
    const b = outcomes(store, after.id, afterColumns.get(name)!, ids);
    for (const side of [a, b]) while (side.length < ids.size) side.push([]);
    const [prompt = name, model = ''] = name.split('\n');
    return { prompt, model, a, b, result: comparePair(a, b, { seed: before.manifest.seed ?? 0 }) };
  });
  const adjusted = holm(pairs.map((pair) => (pair.result.tests === 0 ? 1 : pair.result.pValue)));
  const columns = pairs.map(({ prompt, model, a, b, result }, index): ColumnChange => {
    const adjustedPValue = adjusted[index]!;
    const significant = result.tests > 0 && adjustedPValue <= alpha;
    const verdict = formatVerdict({
      ...result,
      a: before.id,
      b: after.id,
      adjustedPValue,
      comparisons: pairs.length,
      significant,
    });
    return {
      prompt,
      model,
      before: passRate(a),
      after: passRate(b),
      difference: result.tests === 0 ? undefined : result.difference,
      tests: result.tests,
      adjustedPValue: result.tests === 0 ? undefined : adjustedPValue,
      significant,
      verdict,
    };
  });
  const label = (name: string) => name.replace('\n', ' × ');
  return {
    before,
    after,
    columns,
    onlyBefore: [...beforeColumns.keys()].filter((name) => !afterColumns.has(name)).map(label),
    onlyAfter: [...afterColumns.keys()].filter((name) => !beforeColumns.has(name)).map(label),
  };
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
