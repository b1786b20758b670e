import type { AssertionResult } from '../spec/assertion.ts';
import { passRateOf } from '../spec/pass-rate.ts';
import type { CellRecord, RunManifest, RunRecord, RunStatus, RunTotals } from '../spec/run.ts';
import { PlumeError } from '../util/errors.ts';
import { safeJsonParse } from '../util/safe-json.ts';
import { AnswerJournal } from './answer-journal.ts';
import type { SqliteDatabase } from './database.ts';
import { CELL_COLUMNS, type CellRow, cellFromRow, decodeChecks, insertCellRow } from './run-cell-row.ts';
import {
  type ColumnCounts,
  type ColumnFigures,
  type ColumnSums,
  EMPTY_TOTALS,
  lowerMedian,
  nearestRank,
  RunFigures,
  totalsOf,
} from './run-figures.ts';
import { RunMetricScores } from './run-metric-scores.ts';
import { ownerIsGone, type RunOwner, thisProcess } from './run-owner.ts';
import { RunTestStore } from './run-test-store.ts';

export type { ColumnFigures } from './run-figures.ts';

interface RunRow {
  id: string;
  status: string;
  created_at: string;
  updated_at: string;
  manifest: string;
  totals: string;
  /** ColumnSums[] as JSON, written when the run finished; null while it runs. */
  columns: string | null;
  /** The process running it, while it runs (its lease), and that process's last heartbeat. */
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: string | null;
}

/** Runs and their cells in the project's SQLite store. Cells are written in batches, one transaction each. */
export class RunStore {
  /** Answers of runs without a response cache, kept until their cells are stored. */
  readonly journal: AnswerJournal;
  /** The runs' tests and their variables, one row a test (what breakdowns read). */
  readonly tests: RunTestStore;
  /** The named metrics of the runs' cells (what a report totals per column). */
  readonly metricScores: RunMetricScores;
  readonly #db: SqliteDatabase;
  readonly #insertCell;
  readonly #replaceCell;
  readonly #hasCell;
  readonly #hasGoodCell;
  /** Figures of the runs created by this store, added up as their cells are written. */
  readonly #figures = new Map<string, RunFigures>();

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.journal = new AnswerJournal(db);
    this.tests = new RunTestStore(db);
    this.metricScores = new RunMetricScores(db);
    const insert = `INTO run_cells (${CELL_COLUMNS.join(', ')}) VALUES (${CELL_COLUMNS.map(() => '?').join(', ')})`;
    this.#insertCell = db.prepare(`INSERT ${insert}`);
    this.#replaceCell = db.prepare(`INSERT OR REPLACE ${insert}`);
    this.#hasCell = db.prepare('SELECT 1 FROM run_cells WHERE run_id = ? AND cell_key = ?').pluck();
    this.#hasGoodCell = db
      .prepare('SELECT 1 FROM run_cells WHERE run_id = ? AND cell_key = ? AND error_code IS NULL')
      .pluck();
  }

  /** Record a new run, running in this process (which holds it until setStatus). */
  createRun(id: string, manifest: RunManifest, now = new Date()): void {
    const owner = thisProcess(now);
    this.#db
      .prepare(
        `INSERT INTO runs (id, status, created_at, updated_at, manifest, totals, owner_pid, owner_host, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        'running',
        now.toISOString(),
        now.toISOString(),
        JSON.stringify(manifest),
        '{}',
        owner.pid,
        owner.host,
        owner.heartbeatAt,
      );
    this.#figures.set(id, new RunFigures());
  }

  /** The run, or a user error naming the id. */
  getRun(id: string): RunRecord {
    const row = this.#db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (row === undefined) {
      throw new PlumeError({
        code: 'USAGE',
        message: `no run '${id}' in this project`,
        hint: 'see the runs with `plume runs list`',
      });
    }
    return this.#record(row);
  }

  /** Newest first. */
  listRuns(limit = 50): RunRecord[] {
    const rows = this.#db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit);
    return (rows as RunRow[]).map((row) => this.#record(row));
  }

  // A run still going (or killed) has no totals recorded yet: count its cells. One recorded as
  // running whose process is gone was interrupted.
  #record(row: RunRow): RunRecord {
    if (row.status !== 'running') return runFromRow(row, parseTotals(row.totals));
    const record = runFromRow(row, this.totals(row.id));
    return ownerIsGone(ownerOf(row), new Date()) ? { ...record, status: 'interrupted' } : record;
  }

  /**
   * Record that a run ended (any status but running), with its totals and its columns' figures:
   * added up as its cells were written when this store created it, read from its cells otherwise
   * (a resumed run). A completed run's journal is dropped: every cell of it is stored.
   */
  setStatus(id: string, status: Exclude<RunStatus, 'running'>, now = new Date()): RunTotals {
    return this.#finish(id, status, now, false) as RunTotals;
  }

  /**
   * setStatus, only while this process holds the run: undefined, and nothing written, once another
   * process took it over (the run is that one's to end).
   */
  finishHeld(id: string, status: Exclude<RunStatus, 'running'>, now = new Date()): RunTotals | undefined {
    return this.#finish(id, status, now, true);
  }

  /** The process holding a running run, as recorded; undefined when none does (it ended). */
  owner(id: string): RunOwner | undefined {
    const row = this.#db
      .prepare("SELECT owner_pid, owner_host, heartbeat_at FROM runs WHERE id = ? AND status = 'running'")
      .get(id) as Pick<RunRow, 'owner_pid' | 'owner_host' | 'heartbeat_at'> | undefined;
    if (row?.owner_pid == null || row.owner_host == null || row.heartbeat_at == null) return undefined;
    return { pid: row.owner_pid, host: row.owner_host, heartbeatAt: row.heartbeat_at };
  }

  #holds(id: string): boolean {
    const owner = thisProcess(new Date());
    return (
      this.#db
        .prepare(
          "SELECT 1 FROM runs WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_host = ?",
        )
        .get(id, owner.pid, owner.host) !== undefined
    );
  }

  #finish(
    id: string,
    status: Exclude<RunStatus, 'running'>,
    now: Date,
    held: boolean,
  ): RunTotals | undefined {
    const figures = this.#figures.get(id);
    const counts = figures === undefined ? this.#columnCounts(id) : figures.columns();
    const sums = this.#withMedians(id, counts);
    const totals = totalsOf(sums);
    this.#figures.delete(id);
    // Its owner lets it go: another process may take it up (a resume, a retry).
    const written = this.#db.transaction(() => {
      if (held && !this.#holds(id)) return false;
      this.#db
        .prepare(
          `UPDATE runs SET status = ?, updated_at = ?, totals = ?, columns = ?, owner_pid = NULL, owner_host = NULL
           WHERE id = ?`,
        )
        .run(status, now.toISOString(), JSON.stringify(totals), JSON.stringify(sums), id);
      if (status === 'completed') this.journal.clear(id);
      return true;
    })();
    return written ? totals : undefined;
  }

  /**
   * Record that a stopped run goes on (a resume or a retry), in this process. Its owner is its
   * lease, taken in one write transaction: while the run's process is alive, another gets a user
   * error at once, before any call; a dead process's run is taken over. A running run's totals
   * and figures are counted from its cells when read, so none are stored, and its cells are not
   * read here.
   */
  reopen(id: string, now = new Date()): void {
    this.#db
      .transaction(() => {
        const row = this.#db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
        if (row?.status === 'running' && !ownerIsGone(ownerOf(row), now)) throw runInUse(row, now);
        const owner = thisProcess(now);
        this.#db
          .prepare(
            `UPDATE runs SET status = 'running', updated_at = ?, columns = NULL, owner_pid = ?, owner_host = ?,
               heartbeat_at = ? WHERE id = ?`,
          )
          .run(now.toISOString(), owner.pid, owner.host, owner.heartbeatAt, id);
      })
      .immediate();
    this.#figures.delete(id);
  }

  /** Record that this process still runs the run; false when it no longer holds it. */
  heartbeat(id: string, now = new Date()): boolean {
    const owner = thisProcess(now);
    const result = this.#db
      .prepare(
        "UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_host = ?",
      )
      .run(owner.heartbeatAt, id, owner.pid, owner.host);
    return result.changes > 0;
  }

  /**
   * Write cells in one transaction: a batch is stored whole or not at all. A cell already stored
   * under the same key is an error, unless `replace` (a retry of failed cells): a plain insert
   * costs 3% less a row than one that may replace. With `journaled` (a run that journals its
   * answers), the cells' journal entries are dropped in the same transaction. With `held`, only
   * while this process holds the run: false, and nothing written, once another process took it
   * over (it runs those cells itself; their answers are in the cache or the journal).
   */
  writeCells(
    runId: string,
    cells: readonly CellRecord[],
    options: { replace?: boolean; journaled?: boolean; held?: boolean } = {},
  ): boolean {
    const insert = options.replace ? this.#replaceCell : this.#insertCell;
    const journal = options.journaled ? this.journal : undefined;
    const written = this.#db.transaction(() => {
      if (options.held && !this.#holds(runId)) return false;
      for (const cell of cells) {
        insertCellRow(insert, runId, cell);
        journal?.forget(runId, cell.key);
      }
      return true;
    })();
    if (!written) return false;
    // A replaced cell was counted already: such a run's figures are read from its cells.
    if (options.replace) this.#figures.delete(runId);
    const figures = this.#figures.get(runId);
    if (figures !== undefined) for (const cell of cells) figures.add(cell);
    return true;
  }

  /** Whether a cell is stored; with `withoutError`, only a cell whose call succeeded counts. */
  hasCell(runId: string, key: string, withoutError = false): boolean {
    return (withoutError ? this.#hasGoodCell : this.#hasCell).get(runId, key) !== undefined;
  }

  /** Sums over the stored cells. */
  totals(runId: string): RunTotals {
    const row = this.#db
      .prepare(
        `SELECT count(*) AS cells, coalesce(sum(pass = 1), 0) AS passed, coalesce(sum(pass = 0), 0) AS failed,
           coalesce(sum(error_code IS NOT NULL), 0) AS errors,
           coalesce(sum(pass IS NULL AND error_code IS NULL), 0) AS undecided, coalesce(sum(cached), 0) AS cached,
           coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens,
           coalesce(sum(cost_usd), 0) AS costUsd
         FROM run_cells WHERE run_id = ?`,
      )
      .get(runId) as Omit<RunTotals, 'passRate'>;
    return { ...row, passRate: passRateOf(row).rate };
  }

  /**
   * Cells of a run in column order (prompt, model, test, repeat), read one at a time: a column at a
   * time, its cells found through the row index by their prompt and model.
   */
  *iterateCells(runId: string): Generator<CellRecord> {
    const columns = this.#db
      .prepare(
        'SELECT DISTINCT prompt_index, model_index FROM run_cells WHERE run_id = ? ORDER BY prompt_index, model_index',
      )
      .raw()
      .all(runId) as [number, number][];
    const statement = this.#db.prepare(
      `SELECT * FROM run_cells WHERE run_id = ? AND prompt_index = ? AND model_index = ?
       ORDER BY test_index, repeat`,
    );
    for (const [promptIndex, modelIndex] of columns) {
      for (const row of statement.iterate(runId, promptIndex, modelIndex)) yield cellFromRow(row as CellRow);
    }
  }

  /** Pass (1), fail (0) outcomes of one column, in test order, without errored cells. */
  *iterateOutcomes(
    runId: string,
    promptIndex: number,
    modelIndex: number,
  ): Generator<{ testIndex: number; testId: string; pass: number }> {
    const statement = this.#db.prepare(
      `SELECT test_index AS testIndex, test_id AS testId, pass FROM run_cells
       WHERE run_id = ? AND prompt_index = ? AND model_index = ? AND pass IS NOT NULL
       ORDER BY test_index, repeat`,
    );
    yield* statement.iterate(runId, promptIndex, modelIndex) as Iterable<{
      testIndex: number;
      testId: string;
      pass: number;
    }>;
  }

  /**
   * The outcomes of every column (pass 1, fail 0; errored cells left out) in one pass over the row
   * index, in test and repeat order, each as a plain number rather than a row object:
   * `((promptIndex * models + modelIndex) * tests + testIndex) * 2 + pass`, with `models` and `tests`
   * the run's counts (from its manifest). A cell outside them is left out.
   */
  *iteratePackedOutcomes(runId: string, models: number, tests: number): Generator<number> {
    const statement = this.#db
      .prepare(
        `SELECT ((prompt_index * ? + model_index) * ? + test_index) * 2 + pass FROM run_cells
         WHERE run_id = ? AND pass IS NOT NULL AND model_index < ? AND test_index < ?
         ORDER BY test_index, repeat`,
      )
      .pluck();
    yield* statement.iterate(models, tests, runId, models, tests) as Iterable<number>;
  }

  /** Cost, tokens, mean score and median latency of each (prompt, model) column. */
  columnFigures(runId: string): ColumnFigures[] {
    const row = this.#db.prepare('SELECT status, columns FROM runs WHERE id = ?').get(runId) as
      | Pick<RunRow, 'status' | 'columns'>
      | undefined;
    const stored = row?.status === 'running' || row?.columns == null ? undefined : parseColumns(row.columns);
    const sums = stored ?? this.#withMedians(runId, this.#columnCounts(runId));
    return sums.map((column) => ({
      promptIndex: column.promptIndex,
      modelIndex: column.modelIndex,
      cells: column.cells,
      errors: column.errors,
      passed: column.passed,
      failed: column.failed,
      // Figures stored before undecided cells were told apart had none.
      undecided: column.undecided ?? 0,
      costUsd: column.costUsd,
      inputTokens: column.inputTokens,
      outputTokens: column.outputTokens,
      meanScore: column.meanScore,
      latencyP50: column.latencyP50,
      queueP50: column.queueP50,
      queueP95: column.queueP95,
    }));
  }

  /** Each column's counts and sums, read from its cells. */
  #columnCounts(runId: string): ColumnCounts[] {
    const rows = this.#db
      .prepare(
        `SELECT prompt_index AS promptIndex, model_index AS modelIndex, count(*) AS cells,
           coalesce(sum(error_code IS NOT NULL), 0) AS errors, coalesce(sum(cost_usd), 0) AS costUsd,
           coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens,
           avg(score) AS meanScore, coalesce(sum(pass = 1), 0) AS passed, coalesce(sum(pass = 0), 0) AS failed,
           coalesce(sum(pass IS NULL AND error_code IS NULL), 0) AS undecided,
           coalesce(sum(cached), 0) AS cached, count(latency_ms) AS timed, count(queue_ms) AS limited,
           coalesce(sum(queue_ms > 0), 0) AS waited
         FROM run_cells WHERE run_id = ? GROUP BY prompt_index, model_index ORDER BY prompt_index, model_index`,
      )
      .all(runId) as (Omit<ColumnCounts, 'meanScore'> & { meanScore: number | null })[];
    return rows.map(({ meanScore, ...row }) => ({ ...row, meanScore: meanScore ?? undefined }));
  }

  /**
   * The counts with each column's median latency (the lower one of an even count). The latencies
   * are read in one pass over the covering row index and sorted here, as typed arrays: SQLite's
   * ORDER BY ... OFFSET took three times as long (a quarter of a report of 20,000 cells).
   */
  #withMedians(runId: string, columns: readonly ColumnCounts[]): ColumnSums[] {
    // A column's place in the Maps: prompt * stride + model.
    const stride = columns.reduce((most, column) => Math.max(most, column.modelIndex + 1), 1);
    const placeOf = (column: ColumnCounts) => column.promptIndex * stride + column.modelIndex;
    const latencies = this.#sortedValues(
      runId,
      'latency_ms',
      new Map(columns.filter((column) => column.timed > 0).map((column) => [placeOf(column), column.timed])),
      stride,
    );
    // The waits for the concurrency limit are read only for the columns where a call waited, so
    // a run whose calls never waited pays nothing for them (queue_ms is not in the covering index).
    const queues = this.#sortedValues(
      runId,
      'queue_ms',
      new Map(
        columns.filter((column) => column.waited > 0).map((column) => [placeOf(column), column.limited]),
      ),
      stride,
    );
    return columns.map((column) => {
      const place = placeOf(column);
      const read = latencies.get(place);
      const latencyP50 = read === undefined ? undefined : lowerMedian(read);
      const waits = queues.get(place);
      if (waits === undefined) return { ...column, latencyP50 };
      return { ...column, latencyP50, queueP50: lowerMedian(waits), queueP95: nearestRank(waits, 0.95) };
    });
  }

  /**
   * The sorted values of `field` for each column in `sizes` (place → how many of its cells have
   * one), by `prompt * stride + model`, read in one pass over the run's cells.
   */
  #sortedValues(
    runId: string,
    field: 'latency_ms' | 'queue_ms',
    sizes: ReadonlyMap<number, number>,
    stride: number,
  ): Map<number, Float64Array> {
    const sorted = new Map<number, Float64Array>();
    if (sizes.size === 0) return sorted;
    const byColumn = new Map<number, { values: Float64Array; filled: number }>();
    for (const [place, size] of sizes) byColumn.set(place, { values: new Float64Array(size), filled: 0 });
    const rows = this.#db
      .prepare(
        `SELECT prompt_index * ? + model_index, ${field} FROM run_cells
         WHERE run_id = ? AND ${field} IS NOT NULL AND model_index < ?`,
      )
      .raw()
      .iterate(stride, runId, stride) as Iterable<[number, number]>;
    for (const [place, value] of rows) {
      const column = byColumn.get(place);
      // A cell written since the counts were read has no place: the counts are what is reported.
      if (column !== undefined && column.filled < column.values.length)
        column.values[column.filled++] = value;
    }
    for (const [place, column] of byColumn)
      sorted.set(place, column.values.subarray(0, column.filled).sort());
    return sorted;
  }

  /** One column's cells, test by test: outcome and output (for comparing two runs). */
  *iterateTestResults(
    runId: string,
    promptIndex: number,
    modelIndex: number,
  ): Generator<{
    testIndex: number;
    testId: string;
    repeat: number;
    pass: number | null;
    output: string | null;
  }> {
    const statement = this.#db.prepare(
      `SELECT test_index AS testIndex, test_id AS testId, repeat, pass, output FROM run_cells
       WHERE run_id = ? AND prompt_index = ? AND model_index = ? ORDER BY test_index, repeat`,
    );
    yield* statement.iterate(runId, promptIndex, modelIndex) as Iterable<{
      testIndex: number;
      testId: string;
      repeat: number;
      pass: number | null;
      output: string | null;
    }>;
  }

  /** Test ids by test index, for the given indices (flaky tests in a report). */
  testIds(runId: string, testIndices: readonly number[]): Map<number, string> {
    const statement = this.#db
      .prepare('SELECT test_id FROM run_cells WHERE run_id = ? AND test_index = ? LIMIT 1')
      .pluck();
    return new Map(testIndices.map((index) => [index, statement.get(runId, index) as string]));
  }

  /**
   * The first `limit` cells of a run that failed their checks or errored, in test order (test,
   * repeat, prompt, model), read through the row index until that many are found. A cell without
   * a verdict (pass NULL) errored or is undecided: the row index holds pass, so passing cells are
   * skipped without reading their rows (20,000 of them in 1 ms, against 2.5-24 ms through
   * error_code); only cells without a verdict are read for their error.
   */
  failedCells(runId: string, limit: number): CellRecord[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM run_cells WHERE run_id = ? AND (pass = 0 OR (pass IS NULL AND error_code IS NOT NULL))
         ORDER BY test_index, repeat, prompt_index, model_index LIMIT ?`,
      )
      .all(runId, limit) as CellRow[];
    return rows.map(cellFromRow);
  }

  /**
   * Why a run's undecided cells are undecided: the first counted check of each that could not
   * decide, by type and reason, with how many undecided cells it was first in (most first, `limit`
   * of them). The cells are grouped by their verdict's reason, which names that check, and one
   * cell of each group is read for its checks: parsing every undecided cell's checks took 70 ms for
   * 20,000 of them, this 15 ms.
   */
  undecidedChecks(runId: string, limit: number): { type: string; reason: string; cells: number }[] {
    const groups = this.#db
      .prepare(
        `SELECT count(*) AS cells, min(cell_key) AS sample FROM run_cells
         WHERE run_id = ? AND pass IS NULL AND error_code IS NULL
         GROUP BY reason ORDER BY cells DESC LIMIT ?`,
      )
      .all(runId, UNDECIDED_GROUPS_READ) as { cells: number; sample: string }[];
    const checksOf = this.#db
      .prepare('SELECT assertions FROM run_cells WHERE run_id = ? AND cell_key = ?')
      .pluck();
    const byCheck = new Map<string, { type: string; reason: string; cells: number }>();
    for (const group of groups) {
      const first = firstUndecided(decodeChecks(checksOf.get(runId, group.sample) as string));
      const type = first?.type ?? 'unknown';
      const reason = first?.reason ?? '';
      const key = JSON.stringify([type, reason]);
      const entry = byCheck.get(key) ?? { type, reason, cells: 0 };
      entry.cells += group.cells;
      byCheck.set(key, entry);
    }
    return [...byCheck.values()]
      .sort((a, b) => b.cells - a.cells || a.type.localeCompare(b.type) || a.reason.localeCompare(b.reason))
      .slice(0, limit);
  }

  /** The distinct error codes of a run's errored cells (found, as failedCells does, by pass NULL). */
  errorCodes(runId: string): string[] {
    return this.#db
      .prepare(
        'SELECT DISTINCT error_code FROM run_cells WHERE run_id = ? AND pass IS NULL AND error_code IS NOT NULL',
      )
      .pluck()
      .all(runId) as string[];
  }

  /**
   * Ids of the tests with a failed, errored or undecided cell in a run (a cell without a verdict
   * errored or is undecided): the tests to run again, once a judge or allowCode is set.
   */
  failingTestIds(runId: string): Set<string> {
    this.getRun(runId);
    const ids = this.#db
      .prepare('SELECT DISTINCT test_id FROM run_cells WHERE run_id = ? AND (pass = 0 OR pass IS NULL)')
      .pluck()
      .all(runId) as string[];
    return new Set(ids);
  }
}

/** Distinct verdict reasons of undecided cells read for undecidedChecks (most cells first). */
const UNDECIDED_GROUPS_READ = 200;

/** The first counted check that could not decide, inside a group when the group is the one. */
function firstUndecided(results: readonly AssertionResult[]): AssertionResult | undefined {
  for (const result of results) {
    if (!(result.weight > 0) || result.error !== true) continue;
    return result.children === undefined ? result : (firstUndecided(result.children) ?? result);
  }
  return undefined;
}

function ownerOf(row: RunRow) {
  return { pid: row.owner_pid, host: row.owner_host, heartbeatAt: row.heartbeat_at };
}

function runInUse(row: RunRow, now: Date): PlumeError {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(row.heartbeat_at ?? '')) / 1000));
  return new PlumeError({
    code: 'RUN_IN_USE',
    message: `run ${row.id} is being run by process ${row.owner_pid} on ${row.owner_host} (alive ${seconds} s ago)`,
    hint: `wait for it to end, or stop it (Ctrl-C there, or kill ${row.owner_pid}) and run this again: a run whose process is gone is taken over`,
  });
}

function runFromRow(row: RunRow, totals: RunTotals): RunRecord {
  const manifest = safeJsonParse<RunManifest>(row.manifest);
  if (!manifest.ok) {
    throw new PlumeError({ code: 'STORE', message: `run ${row.id} has an unreadable manifest` });
  }
  return {
    id: row.id,
    status: row.status as RunStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    manifest: manifest.value,
    totals,
  };
}

function parseColumns(text: string): ColumnSums[] | undefined {
  const parsed = safeJsonParse<ColumnSums[]>(text);
  return parsed.ok && Array.isArray(parsed.value) ? parsed.value : undefined;
}

// Totals stored before undecided cells were told apart have no undecided count (there were
// none, or runs-008 counted them) and no pass rate: it is taken from the counts again.
function parseTotals(text: string): RunTotals {
  const parsed = safeJsonParse<Partial<RunTotals>>(text);
  const totals = { ...EMPTY_TOTALS, ...(parsed.ok ? parsed.value : {}) };
  return { ...totals, passRate: passRateOf(totals).rate };
}
