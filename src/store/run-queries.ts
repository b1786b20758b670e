import type { AssertionResult } from '../spec/assertion.ts';
import type { SqliteDatabase } from './database.ts';
import { decodeChecks, STORED_CHECK_NAME, STORED_CHECK_PASS } from './run-cell-row.ts';

/** A figure of a cell whose spread the web app draws. */
export type CellFigure = 'latencyMs' | 'costUsd';

const FIGURE_COLUMNS: Record<CellFigure, string> = { latencyMs: 'latency_ms', costUsd: 'cost_usd' };

/** One column's spread of a figure: a five-number summary, the mean, and counts per bin. */
export interface ColumnDistribution {
  promptIndex: number;
  modelIndex: number;
  count: number;
  mean: number | undefined;
  /** min, first quartile, median, third quartile, max (linear interpolation between ranks). */
  quartiles: [number, number, number, number, number] | undefined;
  /** Cells per bin; the bins are the same for every column. */
  bins: number[];
}

/** A figure's distribution in every column of a run, over shared bins. */
export interface FigureDistribution {
  figure: CellFigure;
  /** Bin edges: `bins + 1` ascending numbers from the run's least to its greatest value. */
  edges: number[];
  columns: ColumnDistribution[];
}

/** A rated cell: the checks' verdicts and the person's pass/fail. */
export interface RatedVerdicts {
  cellKey: string;
  humanPass: boolean;
  assertions: AssertionResult[];
}

/** Read-only queries over a run's cells for the web app: spreads, check names, rated verdicts. */
export class RunQueries {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /**
   * The distribution of a figure per column, computed in the store: one aggregate, then each
   * column's values read once in order (quartiles and bin counts on the way), never all held.
   */
  distribution(runId: string, figure: CellFigure, binCount = 20): FigureDistribution {
    const column = FIGURE_COLUMNS[figure];
    const range = this.#db
      .prepare(`SELECT min(${column}) AS low, max(${column}) AS high FROM run_cells WHERE run_id = ?`)
      .get(runId) as { low: number | null; high: number | null };
    const columns = this.#db
      .prepare(
        `SELECT prompt_index AS promptIndex, model_index AS modelIndex, count(${column}) AS count,
           avg(${column}) AS mean
         FROM run_cells WHERE run_id = ? GROUP BY prompt_index, model_index ORDER BY prompt_index, model_index`,
      )
      .all(runId) as { promptIndex: number; modelIndex: number; count: number; mean: number | null }[];
    const low = range.low ?? 0;
    const high = range.high ?? 0;
    // One value throughout: an axis from it to twice it (or 0 to 1), with every cell in the first bin.
    const width = (high > low ? high - low : Math.abs(low) || 1) / binCount;
    const edges = Array.from({ length: binCount + 1 }, (_, index) => low + index * width);
    const values = this.#db
      .prepare(
        `SELECT ${column} FROM run_cells WHERE run_id = ? AND prompt_index = ? AND model_index = ?
           AND ${column} IS NOT NULL ORDER BY ${column}`,
      )
      .pluck();
    return {
      figure,
      edges,
      columns: columns.map(({ mean, ...counts }) => {
        const bins = new Array<number>(binCount).fill(0);
        const ranks = new QuartileRanks(counts.count);
        let index = 0;
        for (const value of values.iterate(
          runId,
          counts.promptIndex,
          counts.modelIndex,
        ) as Iterable<number>) {
          bins[Math.min(binCount - 1, Math.floor((value - low) / width))]! += 1;
          ranks.see(index++, value);
        }
        return { ...counts, mean: mean ?? undefined, quartiles: ranks.quartiles(), bins };
      }),
    };
  }

  /** Names of the checks of a run's cells (a metric name, else the type), each with its failures. */
  checkNames(runId: string): { name: string; failures: number }[] {
    return this.#db
      .prepare(
        `SELECT ${STORED_CHECK_NAME} AS name, sum(${STORED_CHECK_PASS} = 0) AS failures
         FROM run_cells AS c, json_tree(c.assertions) AS t
         WHERE c.run_id = ? AND t.type = 'object' AND ${STORED_CHECK_PASS} IS NOT NULL
         GROUP BY name ORDER BY name`,
      )
      .all(runId) as { name: string; failures: number }[];
  }

  /** Cells a person rated pass or fail, with their checks' verdicts, in cell key order. */
  *ratedVerdicts(runId: string): Generator<RatedVerdicts> {
    const statement = this.#db.prepare(
      `SELECT c.cell_key AS cellKey, r.pass AS humanPass, c.assertions AS assertions
       FROM cell_ratings AS r JOIN run_cells AS c ON c.run_id = r.run_id AND c.cell_key = r.cell_key
       WHERE r.run_id = ? AND r.pass IS NOT NULL ORDER BY c.cell_key`,
    );
    for (const row of statement.iterate(runId) as Iterable<{
      cellKey: string;
      humanPass: number;
      assertions: string;
    }>) {
      yield {
        cellKey: row.cellKey,
        humanPass: row.humanPass === 1,
        assertions: decodeChecks(row.assertions),
      };
    }
  }
}

/** Picks the five-number summary out of `count` values seen in ascending order. */
class QuartileRanks {
  readonly #count: number;
  readonly #positions: number[];
  readonly #values = new Map<number, number>();

  constructor(count: number) {
    this.#count = count;
    this.#positions = [0, 0.25, 0.5, 0.75, 1].map((share) => share * (count - 1));
  }

  see(index: number, value: number): void {
    if (this.#positions.some((position) => index === Math.floor(position) || index === Math.ceil(position))) {
      this.#values.set(index, value);
    }
  }

  quartiles(): ColumnDistribution['quartiles'] {
    if (this.#count === 0) return undefined;
    const at = (position: number) => {
      const below = this.#values.get(Math.floor(position))!;
      const above = this.#values.get(Math.ceil(position))!;
      return below + (above - below) * (position - Math.floor(position));
    };
    const [min, q1, median, q3, max] = this.#positions.map(at);
    return [min!, q1!, median!, q3!, max!];
  }
}
