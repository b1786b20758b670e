import type { Migration } from './migration.ts';
import { undecidedCell } from './undecided-cell.ts';

/** Evaluation runs and their cells. */
export const RUN_MIGRATIONS: readonly Migration[] = [
  {
    id: 'runs-001-runs-and-cells',
    sql: `
      -- manifest and totals are JSON (RunManifest, RunTotals).
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        manifest TEXT NOT NULL,
        totals TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX runs_created ON runs (created_at);

      -- One row per cell; a retried cell replaces its row, so each cell is there once.
      CREATE TABLE run_cells (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        cell_key TEXT NOT NULL,
        prompt_index INTEGER NOT NULL,
        model_index INTEGER NOT NULL,
        test_index INTEGER NOT NULL,
        test_id TEXT NOT NULL,
        repeat INTEGER NOT NULL,
        output TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        latency_ms REAL,
        cached INTEGER NOT NULL,
        error_code TEXT,
        error_message TEXT,
        pass INTEGER,
        score REAL,
        reason TEXT,
        assertions TEXT NOT NULL,
        PRIMARY KEY (run_id, cell_key)
      ) WITHOUT ROWID;
      CREATE INDEX run_cells_column ON run_cells (run_id, prompt_index, model_index, test_index, repeat);
    `,
  },
];

/** After the ratings' index on run_cells, which it rebuilds with the table. */
export const RUN_CELL_ORDER_MIGRATIONS: readonly Migration[] = [
  {
    // Cells were clustered on their key, a random hash: every insert landed in a random page and
    // moved whole rows (outputs, check results) about, ~100 µs a cell. Rows now go in arrival
    // order; only the small unique index on the key is random.
    id: 'runs-002-cells-in-arrival-order',
    rewrites: { table: 'run_cells', what: 'moving the run cells into arrival order' },
    sql: `
      CREATE TABLE run_cells_by_arrival (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        cell_key TEXT NOT NULL,
        prompt_index INTEGER NOT NULL,
        model_index INTEGER NOT NULL,
        test_index INTEGER NOT NULL,
        test_id TEXT NOT NULL,
        repeat INTEGER NOT NULL,
        output TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        latency_ms REAL,
        cached INTEGER NOT NULL,
        error_code TEXT,
        error_message TEXT,
        pass INTEGER,
        score REAL,
        reason TEXT,
        assertions TEXT NOT NULL
      );
      INSERT INTO run_cells_by_arrival SELECT run_id, cell_key, prompt_index, model_index, test_index, test_id,
        repeat, output, input_tokens, output_tokens, cost_usd, latency_ms, cached, error_code, error_message,
        pass, score, reason, assertions FROM run_cells;
      DROP TABLE run_cells;
      ALTER TABLE run_cells_by_arrival RENAME TO run_cells;
      CREATE UNIQUE INDEX run_cells_key ON run_cells (run_id, cell_key);
      CREATE INDEX run_cells_column ON run_cells (run_id, prompt_index, model_index, test_index, repeat);
      CREATE INDEX run_cells_row ON run_cells (run_id, test_index, repeat);
    `,
  },
  {
    // Cell keys were a hash of the cell's inputs: inserts landed in random pages of the unique
    // index on them. A key is now the cell's place in the plan, as 12 hex digits (cellKey in
    // src/eval/run/plan-cells.ts): test, then prompt, model and repeat, from the run's manifest.
    // Ratings are re-keyed first, while they still match their cells by the old key.
    id: 'runs-003-cell-keys-in-plan-order',
    rewrites: { table: 'run_cells', what: 're-keying the run cells by their place in the plan' },
    sql: `
      CREATE TEMP TABLE cell_key_moves AS
        SELECT c.run_id, c.cell_key AS old_key,
          printf('%012x', ((c.test_index * json_array_length(r.manifest, '$.prompts') + c.prompt_index)
            * json_array_length(r.manifest, '$.models') + c.model_index) * json_extract(r.manifest, '$.repeats')
            + c.repeat) AS new_key
        FROM run_cells AS c JOIN runs AS r ON r.id = c.run_id
        WHERE json_array_length(r.manifest, '$.prompts') > 0 AND json_array_length(r.manifest, '$.models') > 0
          AND json_extract(r.manifest, '$.repeats') > 0;
      CREATE UNIQUE INDEX temp.cell_key_moves_old ON cell_key_moves (run_id, old_key);
      UPDATE cell_ratings SET cell_key = m.new_key FROM cell_key_moves AS m
        WHERE m.run_id = cell_ratings.run_id AND m.old_key = cell_ratings.cell_key;
      UPDATE run_cells SET cell_key = m.new_key FROM cell_key_moves AS m
        WHERE m.run_id = run_cells.run_id AND m.old_key = run_cells.cell_key;
      DROP TABLE cell_key_moves;
    `,
  },
  {
    // Reports read a column's outcomes and median latency through this index: with pass and
    // latency_ms in it, those reads never touch the table's rows (a third of a 20,000-cell
    // report's time), for about 10 more bytes an entry.
    id: 'runs-004-column-index-covers-outcomes',
    rewrites: { table: 'run_cells', what: "rebuilding the run cells' column index" },
    sql: `
      DROP INDEX run_cells_column;
      CREATE INDEX run_cells_column
        ON run_cells (run_id, prompt_index, model_index, test_index, repeat, pass, latency_ms);
    `,
  },
  {
    // A finished run keeps its columns' figures (ColumnSums[] as JSON) next to its totals, so a
    // report reads no cells for them. Runs finished before this have none: they are read from
    // their cells, as before.
    id: 'runs-005-stored-column-figures',
    sql: 'ALTER TABLE runs ADD COLUMN columns TEXT;',
  },
  {
    // Cells arrive test by test. The column index (prompt, model, test, ...) took each one in the
    // middle of its B-tree, one place per column, splitting pages as it went: a third of the cost of
    // writing a cell. The row index now holds what the column index held, in arrival order, so
    // every index of run_cells grows at its end. A column is read through it with its prompt and
    // model filtered in the index; a report reads all its columns in one pass.
    id: 'runs-006-one-covering-row-index',
    rewrites: { table: 'run_cells', what: "rebuilding the run cells' row index" },
    sql: `
      DROP INDEX IF EXISTS run_cells_column;
      DROP INDEX IF EXISTS run_cells_row;
      CREATE INDEX run_cells_row
        ON run_cells (run_id, test_index, repeat, prompt_index, model_index, pass, latency_ms);
    `,
  },
  {
    // The process running a run (its id and host) and its last heartbeat: a run whose process died
    // (kill -9, power lost) is shown as interrupted, not running, and only one process at a time
    // may run a run (the owner is its lease; see RunStore.reopen).
    id: 'runs-007-run-owner-and-heartbeat',
    sql: `
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
    `,
  },
  {
    // A cell whose checks could not decide (no judge, no embedding model, code not allowed) was
    // stored as failed. It is now undecided: no verdict and no error (pass NULL, error_code NULL),
    // and no score. Cells stored before are combined again by the same rule (undecidedCell); only
    // failed cells with an undecided check are read. Their runs' totals are counted again, and
    // their columns' figures are read from their cells from now on.
    id: 'runs-008-undecided-cells',
    rewrites: { table: 'run_cells', what: 'telling apart the run cells whose checks could not decide' },
    functions: { plume_undecided_cell: undecidedCell },
    sql: `
      CREATE TEMP TABLE undecided_cells AS
        SELECT run_id, cell_key FROM run_cells
        WHERE pass = 0 AND error_code IS NULL
          AND (instr(assertions, '"e":1') > 0 OR instr(assertions, '"error":true') > 0)
          AND plume_undecided_cell(assertions, reason) = 1;
      UPDATE run_cells SET pass = NULL, score = NULL FROM undecided_cells AS u
        WHERE run_cells.run_id = u.run_id AND run_cells.cell_key = u.cell_key;
      UPDATE runs SET columns = NULL,
        totals = json_set(totals,
          '$.failed', (SELECT count(*) FROM run_cells AS c WHERE c.run_id = runs.id AND c.pass = 0),
          '$.undecided', (SELECT count(*) FROM run_cells AS c
            WHERE c.run_id = runs.id AND c.pass IS NULL AND c.error_code IS NULL))
        WHERE status != 'running' AND id IN (SELECT DISTINCT run_id FROM undecided_cells);
      DROP TABLE undecided_cells;
    `,
  },
  {
    // Each cell's wait for its provider's concurrency limit, kept apart from its latency (which is
    // now the call's own). Cells stored before have none (NULL): their latency included the wait.
    id: 'runs-009-queue-wait',
    sql: 'ALTER TABLE run_cells ADD COLUMN queue_ms REAL;',
  },
  {
    // A run's tests, one row each (not one a cell): their variables, each as the text a breakdown
    // groups by (RecordedTest), so `--by VAR` reads a run's groups without its suite. Runs stored
    // before this have none: their breakdowns ask for a replay.
    id: 'runs-010-breakdowns',
    sql: `
      CREATE TABLE run_tests (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        test_index INTEGER NOT NULL,
        test_id TEXT NOT NULL,
        vars TEXT NOT NULL,
        PRIMARY KEY (run_id, test_index)
      ) WITHOUT ROWID;
    `,
  },
];
