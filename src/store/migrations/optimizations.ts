import type { Migration } from './migration.ts';

/** Prompt optimizations: their settings, candidates, every scored (candidate, test) pair and memoized proposals. */
export const OPTIMIZATION_MIGRATIONS: readonly Migration[] = [
  {
    id: 'optimizations-001',
    sql: `
      CREATE TABLE optimizations (
        id TEXT PRIMARY KEY,
        prompt_name TEXT NOT NULL,
        start_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        settings TEXT NOT NULL,          -- JSON: strategies, budget, split, seed, suite file and hash
        status TEXT NOT NULL,            -- running | finished | stopped | failed
        created_at TEXT NOT NULL,
        finished_at TEXT,
        winner_hash TEXT,                -- the library version saved for the winner
        report TEXT                      -- JSON, once finished
      );
      -- Every prompt body the optimization considered, in the order it was first proposed.
      CREATE TABLE optimization_candidates (
        optimization_id TEXT NOT NULL REFERENCES optimizations (id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        origin TEXT NOT NULL,            -- JSON: strategy, operation, parent hash, description
        PRIMARY KEY (optimization_id, hash)
      ) WITHOUT ROWID;
      -- One scored call: a candidate on a test. A resumed optimization reads these instead of calling again.
      CREATE TABLE optimization_results (
        optimization_id TEXT NOT NULL REFERENCES optimizations (id) ON DELETE CASCADE,
        candidate_hash TEXT NOT NULL,
        test_id TEXT NOT NULL,
        pass INTEGER,                    -- 1/0; NULL when the call failed
        score REAL,
        error TEXT,
        output TEXT,                     -- the answer (few-shot demonstrations and critiques are drawn from it)
        calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        PRIMARY KEY (optimization_id, candidate_hash, test_id)
      ) WITHOUT ROWID;
      -- Memoized steps that called a proposer model (their candidates and what they cost).
      CREATE TABLE optimization_steps (
        optimization_id TEXT NOT NULL REFERENCES optimizations (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        value TEXT NOT NULL,             -- JSON
        calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        PRIMARY KEY (optimization_id, key)
      ) WITHOUT ROWID;
      -- The best candidate after each step: the trajectory reports and the web app draw.
      CREATE TABLE optimization_trajectory (
        optimization_id TEXT NOT NULL REFERENCES optimizations (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        strategy TEXT NOT NULL,
        candidate_hash TEXT NOT NULL,
        score REAL NOT NULL,
        tests INTEGER NOT NULL,
        calls_spent INTEGER NOT NULL,
        cost_spent REAL NOT NULL,
        PRIMARY KEY (optimization_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    // The process running an optimization and its last heartbeat, as for runs (runs-007): one
    // whose process died is shown as interrupted, and only one process at a time may run it.
    id: 'optimizations-002-owner',
    sql: `
      ALTER TABLE optimizations ADD COLUMN owner_pid INTEGER;
      ALTER TABLE optimizations ADD COLUMN owner_host TEXT;
      ALTER TABLE optimizations ADD COLUMN heartbeat_at TEXT;
    `,
  },
  {
    // What graders (model-graded checks) cost within each scored call, so that an optimization's
    // spend can be shown per part with the graders on a row of their own.
    id: 'optimizations-003-summary',
    sql: `
      ALTER TABLE optimization_results ADD COLUMN grader_calls INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE optimization_results ADD COLUMN grader_input_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE optimization_results ADD COLUMN grader_output_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE optimization_results ADD COLUMN grader_cost_usd REAL NOT NULL DEFAULT 0;
    `,
  },
];
