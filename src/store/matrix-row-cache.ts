import type { SqliteDatabase } from './database.ts';
import { type MatrixQuery, matrixFilter } from './matrix-filter.ts';

/** A row of the matrix: a test and a repeat. */
export interface RowKey {
  testIndex: number;
  repeat: number;
}

const MOST_ENTRIES = 8;

/**
 * The rows that match a filter, found once and kept (test index and repeat, 8 bytes a row), so
 * scrolling a filtered 100,000-cell matrix pages from memory instead of filtering the run again
 * for every page. An entry stands while neither run gained cells or changed status.
 */
export class MatrixRowCache {
  readonly #db: SqliteDatabase;
  readonly #entries = new Map<string, Int32Array>();
  readonly #stamp;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#stamp = db
      .prepare(
        `SELECT (SELECT count(*) FROM run_cells WHERE run_id = ?) || '/' || coalesce(
         (SELECT updated_at FROM runs WHERE id = ?), '')`,
      )
      .pluck();
  }

  /** How many rows match, and those from `offset` (at most `limit`), in test then repeat order. */
  page(runId: string, query: MatrixQuery): { total: number; keys: RowKey[] } {
    const rows = this.#matching(runId, query);
    const total = rows.length / 2;
    const keys: RowKey[] = [];
    for (let index = query.offset; index < Math.min(total, query.offset + query.limit); index++) {
      keys.push({ testIndex: rows[index * 2]!, repeat: rows[index * 2 + 1]! });
    }
    return { total, keys };
  }

  #matching(runId: string, query: MatrixQuery): Int32Array {
    const { offset: _offset, limit: _limit, ...filters } = query;
    const other = query.changedSince?.runId;
    const stamp = `${this.#stamp.get(runId, runId)}|${other === undefined ? '' : this.#stamp.get(other, other)}`;
    const key = JSON.stringify([runId, stamp, filters]);
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      // Most recently used last.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const { where, parameters } = matrixFilter(runId, query);
    const statement = this.#db
      .prepare(`SELECT DISTINCT test_index, repeat FROM run_cells WHERE ${where} ORDER BY test_index, repeat`)
      .raw();
    const found: number[] = [];
    for (const [testIndex, repeat] of statement.iterate(...parameters) as Iterable<[number, number]>) {
      found.push(testIndex, repeat);
    }
    const rows = Int32Array.from(found);
    this.#entries.set(key, rows);
    if (this.#entries.size > MOST_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    return rows;
  }
}
