import type { Migration } from './migration.ts';

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
