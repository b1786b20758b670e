import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../src/spec/model.ts';
import type { RunManifest } from '../../src/spec/run.ts';
import { CELL_ANSWER } from '../../src/store/answer-journal.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { blankCell } from '../helpers/cell-record.ts';

function answer(text: string): GenerateResult {
  return {
    text,
    usage: { inputTokens: 7, outputTokens: 3 },
    finishReason: 'stop',
    modelId: 'stub:tiny',
    latencyMs: 120.5,
    costUsd: 0.0004,
    cached: false,
  };
}

let folder: string | undefined;
let db: SqliteDatabase | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

function openStore(): { store: RunStore; path: string; opened: SqliteDatabase } {
  folder = mkdtempSync(join(tmpdir(), 'plume-journal-'));
  const path = join(folder, 'plume.db');
  const opened = openDatabase(path);
  db = opened;
  const store = new RunStore(opened);
  for (const id of ['run-a', 'run-b']) store.createRun(id, {} as RunManifest);
  return { store, path, opened };
}

describe('the answer journal', () => {
  it('has each answer committed when record returns: another connection reads it at once', () => {
    const { store, path } = openStore();
    store.journal.record('run-a', 'c1', CELL_ANSWER, answer('first'));
    const other = new Database(path, { readonly: true });
    try {
      expect(other.prepare('SELECT text FROM answer_journal WHERE cell_key = ?').pluck().get('c1')).toBe(
        'first',
      );
    } finally {
      other.close();
    }
  });

  it('gives the answer back as paid by this run, not as a cached one, keyed by run, cell and call', () => {
    const { store } = openStore();
    store.journal.record('run-a', 'c1', CELL_ANSWER, answer('the answer'));
    store.journal.record('run-a', 'c1', 'judge-hash', answer('the grade'));
    expect(store.journal.answer('run-a', 'c1', CELL_ANSWER)).toEqual(answer('the answer'));
    expect(store.journal.answer('run-a', 'c1', 'judge-hash')?.text).toBe('the grade');
    expect(store.journal.answer('run-b', 'c1', CELL_ANSWER)).toBeUndefined();
    expect(store.journal.answer('run-a', 'c2', CELL_ANSWER)).toBeUndefined();
    store.journal.record('run-a', 'c2', CELL_ANSWER, { ...answer('unpriced'), costUsd: undefined });
    expect(store.journal.answer('run-a', 'c2', CELL_ANSWER)?.costUsd).toBeUndefined();
    // Token log-probabilities come back with the answer, for perplexity checks.
    store.journal.record('run-a', 'c3', CELL_ANSWER, { ...answer('probable'), logProbs: [-0.5, -0.25] });
    expect(store.journal.answer('run-a', 'c3', CELL_ANSWER)?.logProbs).toEqual([-0.5, -0.25]);
  });

  it('keeps answers and usage only: no column for a key, a header or the prompt', () => {
    const { opened } = openStore();
    const columns = opened.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('answer_journal');
    expect(columns).toEqual([
      'run_id',
      'cell_key',
      'call',
      'model_id',
      'text',
      'input_tokens',
      'output_tokens',
      'finish_reason',
      'latency_ms',
      'cost_usd',
      'log_probs',
    ]);
  });

  it("drops a cell's entries in the transaction that stores it, when the run journals", () => {
    const { store } = openStore();
    for (const key of ['c1', 'c2', 'c3']) store.journal.record('run-a', key, CELL_ANSWER, answer(key));
    store.journal.record('run-a', 'c1', 'judge-hash', answer('grade'));
    store.journal.record('run-b', 'c1', CELL_ANSWER, answer('other run'));
    store.writeCells('run-a', [blankCell({ key: 'c1' })], { journaled: true });
    expect(store.journal.answer('run-a', 'c1', CELL_ANSWER)).toBeUndefined();
    expect(store.journal.answer('run-a', 'c1', 'judge-hash')).toBeUndefined();
    expect(store.journal.answer('run-a', 'c2', CELL_ANSWER)?.text).toBe('c2');
    expect(store.journal.answer('run-b', 'c1', CELL_ANSWER)?.text).toBe('other run');
    store.writeCells('run-a', [blankCell({ key: 'c2' })]);
    expect(store.journal.answer('run-a', 'c2', CELL_ANSWER)?.text).toBe('c2');
  });

  it("keeps a stopped run's journal for its resume, and drops it when the run completes", () => {
    const { store } = openStore();
    store.journal.record('run-a', 'c1', CELL_ANSWER, answer('kept'));
    store.journal.record('run-b', 'c1', CELL_ANSWER, answer('other run'));
    store.setStatus('run-a', 'interrupted');
    store.setStatus('run-a', 'failed');
    expect(store.journal.answer('run-a', 'c1', CELL_ANSWER)?.text).toBe('kept');
    store.reopen('run-a');
    store.setStatus('run-a', 'completed');
    expect(store.journal.answer('run-a', 'c1', CELL_ANSWER)).toBeUndefined();
    expect(store.journal.answer('run-b', 'c1', CELL_ANSWER)?.text).toBe('other run');
  });
});
