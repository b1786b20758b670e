import { type ColumnSummary, summarizeColumn } from '../../stats/index.ts';
import type { RunStore } from '../../store/run-store.ts';

/** A named metric in one column: its mean over tests, with its interval. */
export interface MetricColumnTotal {
  column: string;
  /** Tests with at least one decided check under this name in this column. */
  tests: number;
  /** pass-fail when every score is 0 or 1 (a pass rate, Wilson interval), else a mean score (bootstrap over tests). */
  kind: ColumnSummary['kind'];
  estimate: ColumnSummary['estimate'];
}

/** One metric name totalled in each column of a run. */
export interface MetricTotal {
  metric: string;
  columns: MetricColumnTotal[];
}

/**
 * The run's named metrics (a check's `metric`, rendered from the test's variables), totalled per
 * column: the mean of per-test means, so each test weighs the same, with a Wilson interval
 * (clustered over repeats) when every score is 0 or 1, else a bootstrap interval resampling tests.
 * Metric names are sorted; a column where a metric never occurs has no entry for it.
 */
export function buildMetricTotals(
  store: RunStore,
  runId: string,
  columns: readonly { name: string; place: number }[],
  shape: { models: number; seed: number },
): MetricTotal[] {
  // metric → column place → test index → the cells' scores (one per repeat).
  const scores = new Map<string, Map<number, Map<number, number[]>>>();
  for (const [place, testIndex, metric, score] of store.metricScores.iterate(runId, shape.models)) {
    let byColumn = scores.get(metric);
    if (byColumn === undefined) {
      byColumn = new Map();
      scores.set(metric, byColumn);
    }
    let byTest = byColumn.get(place);
    if (byTest === undefined) {
      byTest = new Map();
      byColumn.set(place, byTest);
    }
    const list = byTest.get(testIndex);
    if (list === undefined) byTest.set(testIndex, [score]);
    else list.push(score);
  }
  return [...scores.keys()]
    .sort((left, right) => left.localeCompare(right, 'en', { numeric: true }))
    .map((metric) => {
      const byColumn = scores.get(metric)!;
      return {
        metric,
        columns: columns.flatMap((column) => {
          const byTest = byColumn.get(column.place);
          if (byTest === undefined) return [];
          const summary = summarizeColumn([...byTest.values()], { seed: shape.seed });
          return [
            { column: column.name, tests: summary.tests, kind: summary.kind, estimate: summary.estimate },
          ];
        }),
      };
    });
}
