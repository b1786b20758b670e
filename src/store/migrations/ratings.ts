import type { Migration } from './migration.ts';

/** People's ratings of run cells, and an index for reading a run row by row (the web app's matrix). */
export const RATING_MIGRATIONS: readonly Migration[] = [
  {
    id: 'ratings-001-cell-ratings',
    sql: `
      -- The latest rating of a cell; pass is 1/0, score 1-5, ideal an edited ideal answer.
      CREATE TABLE cell_ratings (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        cell_key TEXT NOT NULL,
        pass INTEGER,
        score INTEGER,
        comment TEXT,
        ideal TEXT,
        author TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, cell_key)
      ) WITHOUT ROWID;
      CREATE INDEX run_cells_row ON run_cells (run_id, test_index, repeat);
    `,
  },
];
