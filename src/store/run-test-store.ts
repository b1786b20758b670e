import type Database from 'better-sqlite3';
import { safeJsonParse } from '../util/safe-json.ts';
import type { SqliteDatabase } from './database.ts';

/** A test of a run as a breakdown reads it: its place, its id, its variables as text. */
export interface RecordedTest {
  index: number;
  id: string;
  /** Each variable's value as the text a breakdown groups by (see recordedVars in src/eval/run). */
  vars: Record<string, string>;
}

/**
 * The tests of runs, one row a test (never a row a cell): what a breakdown by a variable reads,
 * so that it needs neither the suite (which may have changed since) nor the cells' rows.
 */
export class RunTestStore {
  readonly #db: SqliteDatabase;
  readonly #insert: Database.Statement<[string, number, string, string]>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    // A resumed run plans its tests again: the first record of a test stands.
    this.#insert = db.prepare(
      'INSERT OR IGNORE INTO run_tests (run_id, test_index, test_id, vars) VALUES (?, ?, ?, ?)',
    );
  }

  /** Record tests of a run, in one transaction; a test already recorded is left as it is. */
  record(runId: string, tests: readonly RecordedTest[]): void {
    if (tests.length === 0) return;
    this.#db.transaction(() => {
      for (const test of tests) this.#insert.run(runId, test.index, test.id, JSON.stringify(test.vars));
    })();
  }

  /** How many tests of the run are recorded (0 for a run stored before tests were). */
  count(runId: string): number {
    return this.#db.prepare('SELECT count(*) FROM run_tests WHERE run_id = ?').pluck().get(runId) as number;
  }

  /** The variables the run's tests have, each with the number of tests that set it, by name. */
  variables(runId: string): { name: string; tests: number }[] {
    return this.#db
      .prepare(
        `SELECT j.key AS name, count(*) AS tests FROM run_tests AS t, json_each(t.vars) AS j
         WHERE t.run_id = ? GROUP BY j.key ORDER BY j.key`,
      )
      .all(runId) as { name: string; tests: number }[];
  }

  /** The run's tests in order, read one at a time. */
  *iterate(runId: string): Generator<RecordedTest> {
    const rows = this.#db
      .prepare('SELECT test_index, test_id, vars FROM run_tests WHERE run_id = ? ORDER BY test_index')
      .raw()
      .iterate(runId) as Iterable<[number, string, string]>;
    for (const [index, id, text] of rows) {
      const parsed = safeJsonParse<Record<string, string>>(text);
      const vars = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {};
      yield { index, id, vars };
    }
  }
}
