import type { CellRecord, CellVerdict } from '../spec/run.ts';
import { PlumeError } from '../util/errors.ts';
import type { SqliteDatabase } from './database.ts';
import type { MatrixQuery } from './matrix-filter.ts';
import { MatrixRowCache, type RowKey } from './matrix-row-cache.ts';
import { type CellRow, cellFromRow } from './run-cell-row.ts';

export type { ColumnPair, MatrixQuery } from './matrix-filter.ts';

/** A person's judgement of one cell; every field is optional but at least one is set. */
export interface CellRating {
  pass?: boolean;
  /** 1 to 5. */
  score?: number;
  comment?: string;
  /** The answer the person would have wanted (an edited ideal output). */
  ideal?: string;
  author?: string;
}

/** A stored rating. */
export interface StoredRating extends CellRating {
  runId: string;
  cellKey: string;
  updatedAt: string;
}

/** One cell as the review matrix shows it: outcome, figures and a short excerpt. */
export interface MatrixCell {
  key: string;
  promptIndex: number;
  modelIndex: number;
  pass: boolean | undefined;
  /** pass, fail, undecided (no verdict, no error) or error (cellVerdict). */
  verdict: CellVerdict;
  score: number | undefined;
  error: string | undefined;
  latencyMs: number | undefined;
  costUsd: number | undefined;
  excerpt: string;
  rating: StoredRating | undefined;
}

/** One row of the matrix: a test (and repeat) with its cells in every column. */
export interface MatrixRow {
  testIndex: number;
  testId: string;
  repeat: number;
  cells: MatrixCell[];
}

interface RatingRow {
  run_id: string;
  cell_key: string;
  pass: number | null;
  score: number | null;
  comment: string | null;
  ideal: string | null;
  author: string | null;
  updated_at: string;
}

const EXCERPT_LENGTH = 120;

/** Ratings of cells, and the run's cells read row by row (test × repeat) for reviewing them. */
export class RatingStore {
  readonly #db: SqliteDatabase;
  readonly #rowCache: MatrixRowCache;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#rowCache = new MatrixRowCache(db);
  }

  /** Rate a cell (which must exist): the fields given replace those of its rating, the others stay. */
  rate(runId: string, cellKey: string, change: CellRating, now = new Date()): StoredRating {
    this.cell(runId, cellKey);
    const { runId: _run, cellKey: _cell, updatedAt: _at, ...previous } = this.rating(runId, cellKey) ?? {};
    const rating: CellRating = { ...previous, ...definedOnly(change) };
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO cell_ratings (run_id, cell_key, pass, score, comment, ideal, author, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        cellKey,
        rating.pass === undefined ? null : rating.pass ? 1 : 0,
        rating.score ?? null,
        rating.comment ?? null,
        rating.ideal ?? null,
        rating.author ?? null,
        now.toISOString(),
      );
    return this.rating(runId, cellKey)!;
  }

  rating(runId: string, cellKey: string): StoredRating | undefined {
    const row = this.#db
      .prepare('SELECT * FROM cell_ratings WHERE run_id = ? AND cell_key = ?')
      .get(runId, cellKey) as RatingRow | undefined;
    return row === undefined ? undefined : ratingFromRow(row);
  }

  /** Every rating of a run, in cell key order. */
  ratings(runId: string): StoredRating[] {
    const rows = this.#db
      .prepare('SELECT * FROM cell_ratings WHERE run_id = ? ORDER BY cell_key')
      .all(runId) as RatingRow[];
    return rows.map(ratingFromRow);
  }

  /** One cell in full, or a user error. */
  cell(runId: string, cellKey: string): CellRecord {
    const row = this.#db
      .prepare('SELECT * FROM run_cells WHERE run_id = ? AND cell_key = ?')
      .get(runId, cellKey) as CellRow | undefined;
    if (row === undefined) {
      throw new PlumeError({ code: 'USAGE', message: `no cell '${cellKey}' in run '${runId}'` });
    }
    return cellFromRow(row);
  }

  /** A page of the matrix's rows, and how many rows match in all (for a virtualized table). */
  matrixPage(runId: string, query: MatrixQuery): { total: number; rows: MatrixRow[] } {
    const { total, keys } = this.#rowCache.page(runId, query);
    return { total, rows: this.#rowsOf(runId, keys) };
  }

  #rowsOf(runId: string, keys: readonly RowKey[]): MatrixRow[] {
    if (keys.length === 0) return [];
    const testIndices = JSON.stringify([...new Set(keys.map((key) => key.testIndex))]);
    const rows = new Map(
      keys.map((key) => [`${key.testIndex}/${key.repeat}`, undefined as MatrixRow | undefined]),
    );
    const statement = this.#db.prepare(
      `SELECT c.cell_key, c.prompt_index, c.model_index, c.test_index, c.test_id, c.repeat, c.pass, c.score,
         c.error_code, c.latency_ms, c.cost_usd, substr(c.output, 1, ${EXCERPT_LENGTH}) AS excerpt,
         r.pass AS r_pass, r.score AS r_score, r.comment AS r_comment, r.ideal AS r_ideal, r.author AS r_author,
         r.updated_at AS r_updated_at
       FROM run_cells c LEFT JOIN cell_ratings r ON r.run_id = c.run_id AND r.cell_key = c.cell_key
       WHERE c.run_id = ? AND c.test_index IN (SELECT value FROM json_each(?))
       ORDER BY c.test_index, c.repeat, c.prompt_index, c.model_index`,
    );
    for (const cell of statement.iterate(runId, testIndices) as Iterable<MatrixCellRow>) {
      const id = `${cell.test_index}/${cell.repeat}`;
      if (!rows.has(id)) continue;
      let row = rows.get(id);
      if (row === undefined) {
        row = { testIndex: cell.test_index, testId: cell.test_id, repeat: cell.repeat, cells: [] };
        rows.set(id, row);
      }
      row.cells.push(matrixCellFromRow(runId, cell));
    }
    return [...rows.values()].filter((row) => row !== undefined);
  }
}

/** A matrix cell as the page query returns it: the cell's own columns, an output excerpt, its rating. */
interface MatrixCellRow
  extends Pick<
    CellRow,
    | 'cell_key'
    | 'prompt_index'
    | 'model_index'
    | 'test_index'
    | 'test_id'
    | 'repeat'
    | 'pass'
    | 'score'
    | 'error_code'
    | 'latency_ms'
    | 'cost_usd'
  > {
  excerpt: string | null;
  r_pass: number | null;
  r_score: number | null;
  r_comment: string | null;
  r_ideal: string | null;
  r_author: string | null;
  r_updated_at: string | null;
}

function matrixCellFromRow(runId: string, row: MatrixCellRow): MatrixCell {
  return {
    key: row.cell_key,
    promptIndex: row.prompt_index,
    modelIndex: row.model_index,
    pass: row.pass === null ? undefined : row.pass === 1,
    verdict:
      row.error_code !== null ? 'error' : row.pass === null ? 'undecided' : row.pass === 1 ? 'pass' : 'fail',
    score: row.score ?? undefined,
    error: row.error_code ?? undefined,
    latencyMs: row.latency_ms ?? undefined,
    costUsd: row.cost_usd ?? undefined,
    excerpt: row.excerpt ?? '',
    rating:
      row.r_updated_at === null
        ? undefined
        : ratingFromRow({
            run_id: runId,
            cell_key: row.cell_key,
            pass: row.r_pass,
            score: row.r_score,
            comment: row.r_comment,
            ideal: row.r_ideal,
            author: row.r_author,
            updated_at: row.r_updated_at,
          }),
  };
}

function definedOnly(rating: CellRating): CellRating {
  return Object.fromEntries(Object.entries(rating).filter(([, value]) => value !== undefined));
}

function ratingFromRow(row: RatingRow): StoredRating {
  return {
    runId: row.run_id,
    cellKey: row.cell_key,
    updatedAt: row.updated_at,
    ...(row.pass === null ? {} : { pass: row.pass === 1 }),
    ...(row.score === null ? {} : { score: row.score }),
    ...(row.comment === null ? {} : { comment: row.comment }),
    ...(row.ideal === null ? {} : { ideal: row.ideal }),
    ...(row.author === null ? {} : { author: row.author }),
  };
}
