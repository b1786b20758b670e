import { passRateOf } from '../spec/pass-rate.ts';
import type { CellRecord, RunTotals } from '../spec/run.ts';
import { ExactSum } from '../util/exact-sum.ts';

/** Per-column figures of a run, so a report never loads the cells. */
export interface ColumnFigures {
  promptIndex: number;
  modelIndex: number;
  cells: number;
  errors: number;
  /** Cells with a verdict (passed + failed = decided), and those whose checks could not decide. */
  passed: number;
  failed: number;
  undecided: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  /** Mean score of the decided cells. */
  meanScore: number | undefined;
  /** Median latency (the call's own, see CellRecord.latencyMs) of the column's calls, cached answers left out. */
  latencyP50: number | undefined;
  /**
   * Median and 95th percentile of the wait for the provider's concurrency limit, over the column's
   * limited calls; undefined when none of them waited (or for runs stored before waits were recorded).
   */
  queueP50?: number | undefined;
  queueP95?: number | undefined;
}

/** A column's figures with the counts a run's totals add up (stored with a finished run). */
export interface ColumnSums extends ColumnFigures {
  cached: number;
}

/**
 * A column's sums before its median latency and queue wait are known, with how many of its cells
 * were timed, how many went through a concurrency limit, and how many of those waited for it.
 */
export type ColumnCounts = Omit<ColumnSums, 'latencyP50' | 'queueP50' | 'queueP95'> & {
  timed: number;
  limited: number;
  waited: number;
};

/** The lower median of sorted values (of an even count, the lower of the middle two). */
export function lowerMedian(sorted: ArrayLike<number>): number | undefined {
  return sorted.length === 0 ? undefined : sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The nearest-rank `share` quantile of sorted values: the smallest value with `share` of them at or below it. */
export function nearestRank(sorted: ArrayLike<number>, share: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length))) - 1];
}

/**
 * The figures of a run's columns, added up as its cells are written, so that finishing a run
 * reads no cell back: a scan of 20,000 cells for the totals and another for the report's figures
 * took 15-35 ms. Sums of costs and scores are exact (ExactSum), so the order in which cells finish
 * does not change them.
 */
export class RunFigures {
  // By prompt, then model index: found without a key to build for each cell.
  readonly #columns: (ColumnAccumulator | undefined)[][] = [];

  add(cell: CellRecord): void {
    let byModel = this.#columns[cell.promptIndex];
    if (byModel === undefined) {
      byModel = [];
      this.#columns[cell.promptIndex] = byModel;
    }
    let column = byModel[cell.modelIndex];
    if (column === undefined) {
      column = new ColumnAccumulator(cell.promptIndex, cell.modelIndex);
      byModel[cell.modelIndex] = column;
    }
    column.add(cell);
  }

  /** Each column's counts, in prompt then model order. */
  columns(): ColumnCounts[] {
    const counts: ColumnCounts[] = [];
    for (const byModel of this.#columns) {
      for (const column of byModel ?? []) if (column !== undefined) counts.push(column.counts());
    }
    return counts;
  }
}

class ColumnAccumulator {
  readonly promptIndex: number;
  readonly modelIndex: number;
  #cells = 0;
  #errors = 0;
  #passed = 0;
  #failed = 0;
  #undecided = 0;
  #cached = 0;
  #inputTokens = 0;
  #outputTokens = 0;
  #scored = 0;
  #timed = 0;
  #limited = 0;
  #waited = 0;
  readonly #cost = new ExactSum();
  readonly #score = new ExactSum();

  constructor(promptIndex: number, modelIndex: number) {
    this.promptIndex = promptIndex;
    this.modelIndex = modelIndex;
  }

  add(cell: CellRecord): void {
    this.#cells += 1;
    // One verdict a cell (cellVerdict): an errored cell has no pass; one without either is undecided.
    if (cell.error !== undefined) this.#errors += 1;
    else if (cell.pass === true) this.#passed += 1;
    else if (cell.pass === false) this.#failed += 1;
    else this.#undecided += 1;
    if (cell.cached) this.#cached += 1;
    this.#inputTokens += cell.inputTokens ?? 0;
    this.#outputTokens += cell.outputTokens ?? 0;
    if (cell.costUsd !== undefined) this.#cost.add(cell.costUsd);
    if (cell.latencyMs !== undefined) this.#timed += 1;
    if (cell.queueMs !== undefined) {
      this.#limited += 1;
      if (cell.queueMs > 0) this.#waited += 1;
    }
    if (cell.score !== undefined) {
      this.#scored += 1;
      this.#score.add(cell.score);
    }
  }

  counts(): ColumnCounts {
    return {
      promptIndex: this.promptIndex,
      modelIndex: this.modelIndex,
      cells: this.#cells,
      errors: this.#errors,
      costUsd: this.#cost.value,
      inputTokens: this.#inputTokens,
      outputTokens: this.#outputTokens,
      meanScore: this.#scored === 0 ? undefined : this.#score.value / this.#scored,
      passed: this.#passed,
      failed: this.#failed,
      undecided: this.#undecided,
      cached: this.#cached,
      timed: this.#timed,
      limited: this.#limited,
      waited: this.#waited,
    };
  }
}

/** The totals of a run without cells. */
export const EMPTY_TOTALS: Readonly<RunTotals> = Object.freeze({
  cells: 0,
  passed: 0,
  failed: 0,
  errors: 0,
  undecided: 0,
  cached: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  passRate: null,
});

/** A run's totals: its columns' counts added up. */
export function totalsOf(
  columns: readonly Omit<ColumnSums, 'latencyP50' | 'queueP50' | 'queueP95'>[],
): RunTotals {
  const cost = new ExactSum();
  const totals: RunTotals = { ...EMPTY_TOTALS };
  for (const column of columns) {
    totals.cells += column.cells;
    totals.passed += column.passed;
    totals.failed += column.failed;
    totals.errors += column.errors;
    totals.undecided += column.undecided;
    totals.cached += column.cached;
    totals.inputTokens += column.inputTokens;
    totals.outputTokens += column.outputTokens;
    cost.add(column.costUsd);
  }
  totals.costUsd = cost.value;
  totals.passRate = passRateOf(totals).rate;
  return totals;
}
