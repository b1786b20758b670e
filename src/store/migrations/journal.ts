import type { Migration } from './migration.ts';

/** The answer journal of runs that keep no response cache (see AnswerJournal). */
export const JOURNAL_MIGRATIONS: readonly Migration[] = [
  {
    // One row per answer a run was given and has not stored in a cell yet: `call` is '' for the
    // cell's own answer, a hash of the request for a grader's. Answers and usage only, as in the
    // response cache: never a key, a header or the prompt.
    id: 'journal-001-answer-journal',
    sql: `
      CREATE TABLE answer_journal (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        cell_key TEXT NOT NULL,
        call TEXT NOT NULL,
        model_id TEXT NOT NULL,
        text TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        finish_reason TEXT NOT NULL,
        latency_ms REAL NOT NULL,
        cost_usd REAL,
        PRIMARY KEY (run_id, cell_key, call)
      ) WITHOUT ROWID;
    `,
  },
  {
    // Token log-probabilities of an answer, as JSON, for perplexity checks; NULL for most answers.
    id: 'journal-002-log-probs',
    sql: 'ALTER TABLE answer_journal ADD COLUMN log_probs TEXT;',
  },
];
