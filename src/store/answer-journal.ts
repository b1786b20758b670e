import type Database from 'better-sqlite3';
import type { GenerateResult } from '../spec/model.ts';
import type { SqliteDatabase } from './database.ts';

interface JournalRow {
  model_id: string;
  text: string;
  input_tokens: number;
  output_tokens: number;
  finish_reason: string;
  latency_ms: number;
  cost_usd: number | null;
  log_probs: string | null;
}

/** Which call of a cell an entry holds: the cell's own answer. A grader's call is named by its request's hash. */
export const CELL_ANSWER = '';

/**
 * The answers a run was given but has not stored in cells yet, for a run that keeps no response
 * cache (`--no-cache`): a resume completes such a cell from its answer instead of paying for the
 * call again. Keyed by run, cell and call; it holds answers and their usage, as the cache does,
 * never a key or the prompt.
 *
 * `record` commits each answer by itself, before the answer is used: a WAL commit is a write to the
 * log file, which the operating system keeps when the process is killed (a power cut may lose the
 * last ones: the store syncs at checkpoints, not at each commit). So a kill -9 loses no answer the
 * process had read, and a resume pays again only for the calls still in flight. A cell's entries are
 * dropped in the transaction that stores the cell, and a run's entries when it completes.
 */
export class AnswerJournal {
  readonly #insert: Database.Statement<
    [string, string, string, string, string, number, number, string, number, number | null, string | null]
  >;
  readonly #select: Database.Statement<[string, string, string], JournalRow>;
  readonly #forget: Database.Statement<[string, string]>;
  readonly #clear: Database.Statement<[string]>;

  constructor(db: SqliteDatabase) {
    this.#insert = db.prepare(
      `INSERT OR REPLACE INTO answer_journal
         (run_id, cell_key, call, model_id, text, input_tokens, output_tokens, finish_reason, latency_ms, cost_usd, log_probs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#select = db.prepare(
      `SELECT model_id, text, input_tokens, output_tokens, finish_reason, latency_ms, cost_usd, log_probs
       FROM answer_journal WHERE run_id = ? AND cell_key = ? AND call = ?`,
    );
    this.#forget = db.prepare('DELETE FROM answer_journal WHERE run_id = ? AND cell_key = ?');
    this.#clear = db.prepare('DELETE FROM answer_journal WHERE run_id = ?');
  }

  /** Keep an answer of a run's cell; committed when this returns. Never give it an answer cut short. */
  record(runId: string, cellKey: string, call: string, answer: GenerateResult): void {
    const { text, usage, finishReason } = answer;
    this.#insert.run(
      runId,
      cellKey,
      call,
      answer.modelId,
      text,
      usage.inputTokens,
      usage.outputTokens,
      finishReason,
      answer.latencyMs,
      answer.costUsd ?? null,
      answer.logProbs === undefined ? null : JSON.stringify(answer.logProbs),
    );
  }

  /**
   * The answer kept for a call of a cell. It was paid for by this run, whose cell was never stored:
   * it is not a cached answer, and its cost counts once, in the cell it completes.
   */
  answer(runId: string, cellKey: string, call: string): GenerateResult | undefined {
    const row = this.#select.get(runId, cellKey, call);
    if (row === undefined) return undefined;
    return {
      text: row.text,
      usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens },
      finishReason: row.finish_reason,
      modelId: row.model_id,
      latencyMs: row.latency_ms,
      costUsd: row.cost_usd ?? undefined,
      cached: false,
      ...(row.log_probs === null ? {} : { logProbs: JSON.parse(row.log_probs) as number[] }),
    };
  }

  /** Drop a cell's entries, its answer's and its graders': its cell is stored. */
  forget(runId: string, cellKey: string): void {
    this.#forget.run(runId, cellKey);
  }

  /** Drop every entry of a run. */
  clear(runId: string): void {
    this.#clear.run(runId);
  }
}
