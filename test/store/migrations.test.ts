import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cellKey } from '../../src/eval/run/plan-cells.ts';
import { CacheStore } from '../../src/store/cache-store.ts';
import { applyMigration, migrate } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { sha256 } from '../../src/util/hash.ts';

/**
 * A store with the migrations before `id` applied, as one made before it: `migrate` then applies
 * it and those after it.
 */
function storeWithout(id: string): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const before = MIGRATIONS.findIndex((entry) => entry.id === id);
  for (const migration of MIGRATIONS.slice(0, before)) {
    applyMigration(db, migration);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.id, 'then');
  }
  return db;
}

describe('store migrations', () => {
  it('index a run’s cells in arrival order with their columns, outcomes and latencies, which reports read from the index alone', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(
      db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all('run_cells_row'),
    ).toEqual(['run_id', 'test_index', 'repeat', 'prompt_index', 'model_index', 'pass', 'latency_ms']);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'run_cells' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual(['run_cells_key', 'run_cells_row']);
    db.close();
  });

  it('keeps cached answers under the bytes of their keys, found as before; a key that is no digest goes', () => {
    const db = storeWithout('cache-4-binary-keys');
    const insert = db.prepare(
      `INSERT INTO response_cache (key, model_id, created_at, text, input_tokens, output_tokens, finish_reason)
       VALUES (?, 'a:one', 5, ?, 1, 2, 'stop')`,
    );
    const keys = [sha256('first request'), sha256('second request')];
    insert.run(keys[0], 'first answer');
    insert.run(keys[1], 'second answer');
    insert.run('not-a-digest', 'lost');
    migrate(db);
    const store = new CacheStore(db);
    expect(keys.map((key) => store.get(key, 0)?.text)).toEqual(['first answer', 'second answer']);
    expect(db.prepare('SELECT count(*) FROM response_cache').pluck().get()).toBe(2);
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'response_cache' ORDER BY name",
        )
        .pluck()
        .all(),
    ).toEqual(['response_cache_created', 'response_cache_model']);
    db.close();
  });

  it('says what a migration rewrites before it runs, only when its table holds rows', () => {
    const told: string[] = [];
    const empty = storeWithout('cache-4-binary-keys');
    migrate(empty, (what) => told.push(what));
    expect(told).toEqual([]);
    empty.close();
    const full = storeWithout('cache-4-binary-keys');
    full
      .prepare(
        `INSERT INTO response_cache (key, model_id, created_at, text, input_tokens, output_tokens, finish_reason)
         VALUES (?, 'a:one', 5, 'answer', 1, 2, 'stop')`,
      )
      .run(sha256('a request'));
    migrate(full, (what) => told.push(what));
    expect(told).toEqual(["storing the response cache's keys as bytes"]);
    full.close();
  });

  it('moves a store made before cells were kept in arrival order, keeping its cells and their keys unique', () => {
    const db = storeWithout('runs-002-cells-in-arrival-order');
    db.prepare(
      "INSERT INTO runs (id, status, created_at, updated_at, manifest, totals) VALUES ('r1', 'completed', 't', 't', '{}', '{}')",
    ).run();
    const insert = db.prepare(
      `INSERT OR REPLACE INTO run_cells (run_id, cell_key, prompt_index, model_index, test_index, test_id, repeat,
         output, cached, pass, assertions) VALUES ('r1', ?, 0, 0, ?, ?, 0, ?, 0, 1, '[]')`,
    );
    for (let index = 0; index < 3; index++) insert.run(`key${index}`, index, `t${index}`, `answer ${index}`);
    migrate(db);
    expect(db.prepare('SELECT cell_key, output FROM run_cells ORDER BY test_index').all()).toEqual([
      { cell_key: 'key0', output: 'answer 0' },
      { cell_key: 'key1', output: 'answer 1' },
      { cell_key: 'key2', output: 'answer 2' },
    ]);
    // A cell run again replaces its row, as before.
    insert.run('key1', 1, 't1', 'answer again');
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_cells').get()).toEqual({ n: 3 });
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'run_cells'")
      .pluck()
      .all();
    expect(indexes).toEqual(expect.arrayContaining(['run_cells_key', 'run_cells_row']));
    db.prepare("DELETE FROM runs WHERE id = 'r1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_cells').get()).toEqual({ n: 0 });
    db.close();
  });

  it('re-keys the cells of earlier runs by their place in the plan, and their ratings with them', () => {
    const db = storeWithout('runs-003-cell-keys-in-plan-order');
    // Two prompts, one model, two repeats: a test has 4 cells.
    const manifest = JSON.stringify({ prompts: [{}, {}], models: [{}], repeats: 2 });
    db.prepare(
      "INSERT INTO runs (id, status, created_at, updated_at, manifest, totals) VALUES ('r1', 'completed', 't', 't', ?, '{}')",
    ).run(manifest);
    const insert = db.prepare(
      `INSERT INTO run_cells (run_id, cell_key, prompt_index, model_index, test_index, test_id, repeat,
         output, cached, pass, assertions) VALUES ('r1', ?, ?, 0, ?, 't', ?, 'answer', 0, 1, '[]')`,
    );
    insert.run('hash-a', 0, 0, 0);
    insert.run('hash-b', 1, 2, 1);
    db.prepare(
      "INSERT INTO cell_ratings (run_id, cell_key, pass, updated_at) VALUES ('r1', 'hash-b', 0, 't')",
    ).run();
    migrate(db);
    expect(db.prepare('SELECT cell_key FROM run_cells ORDER BY test_index').pluck().all()).toEqual([
      cellKey(0),
      cellKey(2 * 4 + 1 * 2 + 1),
    ]);
    expect(db.prepare('SELECT cell_key, pass FROM cell_ratings').all()).toEqual([
      { cell_key: cellKey(11), pass: 0 },
    ]);
    db.close();
  });

  it('gives runs a place for their columns’ figures; runs finished before have none and are read from their cells', () => {
    const db = storeWithout('runs-005-stored-column-figures');
    db.prepare(
      `INSERT INTO runs (id, status, created_at, updated_at, manifest, totals)
       VALUES ('r1', 'completed', 't', 't', '{"prompts":[{}],"models":[{}],"repeats":1}', '{}')`,
    ).run();
    db.prepare(
      `INSERT INTO run_cells (run_id, cell_key, prompt_index, model_index, test_index, test_id, repeat,
         output, cached, pass, score, latency_ms, assertions) VALUES ('r1', ?, 0, 0, ?, 't', 0, 'a', 0, 1, 1, ?, '[]')`,
    ).run(cellKey(0), 0, 12);
    migrate(db);
    expect(db.prepare("SELECT columns FROM runs WHERE id = 'r1'").pluck().get()).toBeNull();
    expect(new RunStore(db).columnFigures('r1')).toEqual([
      expect.objectContaining({ promptIndex: 0, cells: 1, meanScore: 1, latencyP50: 12 }),
    ]);
    db.close();
  });

  it('gives runs an owner and a heartbeat; a run left running before is shown as interrupted', () => {
    const db = storeWithout('runs-007-run-owner-and-heartbeat');
    db.prepare(
      `INSERT INTO runs VALUES ('r1', 'running', 't', 't', '{"prompts":[{}],"models":[{}],"repeats":1}', '{}', NULL)`,
    ).run();
    migrate(db);
    const runs = new RunStore(db);
    expect(runs.getRun('r1').status).toBe('interrupted');
    runs.reopen('r1');
    expect(runs.getRun('r1').status).toBe('running');
    db.close();
  });

  it('tells apart the cells stored as failed whose checks could not decide, and counts their runs again', () => {
    const db = storeWithout('runs-008-undecided-cells');
    db.prepare(
      `INSERT INTO runs (id, status, created_at, updated_at, manifest, totals, columns)
       VALUES ('r1', 'completed', 't', 't', '{"prompts":[{}],"models":[{}],"repeats":1}',
         '{"cells":5,"passed":1,"failed":4,"errors":0,"cached":0,"inputTokens":0,"outputTokens":0,"costUsd":0}', '[]')`,
    ).run();
    const js = { t: 'javascript', p: 0, r: 'code not allowed', e: 1 };
    const cells: [unknown[], string][] = [
      // Only an undecided check: undecided.
      [[js], 'javascript: code not allowed'],
      // A decided check fails: a decided fail.
      [[{ t: 'contains', p: 0, r: 'no' }, js], 'contains: no'],
      // Threshold 0.75, read from the reason: 0.5 with the undecided check at 0, 1 at 1: undecided.
      [
        [{ t: 'contains', p: 1, r: 'yes' }, js],
        'Score 0.50 < threshold 0.75 (1 failed; first: javascript: code not allowed)',
      ],
      // A group whose only check could not decide, written before groups said so.
      [
        [{ t: 'assert-set', p: 0, r: 'javascript: code not allowed', c: [js] }],
        'javascript: code not allowed',
      ],
    ];
    const insert = db.prepare(
      `INSERT INTO run_cells (run_id, cell_key, prompt_index, model_index, test_index, test_id, repeat,
         output, cached, pass, score, reason, assertions) VALUES ('r1', ?, 0, 0, ?, 't', 0, 'a', 0, 0, 0, ?, ?)`,
    );
    for (const [index, [checks, reason]] of cells.entries()) {
      insert.run(cellKey(index), index, reason, JSON.stringify(checks));
    }
    insert.run(cellKey(4), 4, 'All 1 assertions passed', JSON.stringify([{ t: 'contains', p: 1, r: 'yes' }]));
    db.prepare(`UPDATE run_cells SET pass = 1, score = 1 WHERE cell_key = ?`).run(cellKey(4));
    migrate(db);
    const stored = db.prepare('SELECT pass, score FROM run_cells ORDER BY test_index').all();
    expect(stored).toEqual([
      { pass: null, score: null },
      { pass: 0, score: 0 },
      { pass: null, score: null },
      { pass: null, score: null },
      { pass: 1, score: 1 },
    ]);
    const run = new RunStore(db).getRun('r1');
    expect(run.totals).toMatchObject({
      cells: 5,
      passed: 1,
      failed: 1,
      undecided: 3,
      errors: 0,
      passRate: 0.5,
    });
    expect(new RunStore(db).columnFigures('r1')).toEqual([
      expect.objectContaining({ passed: 1, failed: 1, undecided: 3 }),
    ]);
    db.close();
  });
});
