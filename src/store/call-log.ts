import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.ts';

/** One model call, for accounting. Never prompt text, outputs or keys. */
export interface CallLogEntry {
  /** When the call started, ms since the epoch. */
  at: number;
  modelId: string;
  cacheKey: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** What was paid for this call: 0 for a cache hit, undefined when the price is unknown. */
  costUsd: number | undefined;
  latencyMs: number;
  cached: boolean;
  errorCode: string | undefined;
}

/** Totals over the log. */
export interface CallLogSummary {
  calls: number;
  cached: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface CallLogOptions {
  /** Rows kept in memory before a write; one transaction writes them all. */
  batchSize?: number;
  /** Longest a row waits in memory before it is written. */
  flushDelayMs?: number;
}

type InsertParameters = [
  number,
  string,
  string | null,
  number | null,
  number | null,
  number | null,
  number,
  number,
  string | null,
];

/**
 * The log of every model call. Rows are buffered and written in one transaction per batch, so
 * tens of thousands of calls cost a few hundred writes; a crash loses at most `flushDelayMs` of rows.
 */
export class CallLog {
  readonly #pending: CallLogEntry[] = [];
  readonly #insert: Database.Statement<InsertParameters>;
  readonly #writeBatch: (entries: CallLogEntry[]) => void;
  readonly #summary: Database.Statement<[], CallLogSummary>;
  readonly #batchSize: number;
  readonly #flushDelayMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: SqliteDatabase, options: CallLogOptions = {}) {
    this.#batchSize = options.batchSize ?? 512;
    this.#flushDelayMs = options.flushDelayMs ?? 200;
    this.#insert = db.prepare(
      `INSERT INTO call_log (at, model_id, cache_key, input_tokens, output_tokens, cost_usd, latency_ms, cached, error_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#writeBatch = db.transaction((entries: CallLogEntry[]) => {
      for (const entry of entries) this.#insert.run(...toParameters(entry));
    });
    this.#summary = db.prepare(
      `SELECT count(*) AS calls, coalesce(sum(cached), 0) AS cached,
              count(error_code) AS errors, coalesce(sum(input_tokens), 0) AS inputTokens,
              coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cost_usd), 0) AS costUsd
       FROM call_log`,
    );
  }

  append(entry: CallLogEntry): void {
    this.#pending.push(entry);
    if (this.#pending.length >= this.#batchSize) this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#flushDelayMs);
      // A pending write must not keep a finished process alive; close() flushes what is left.
      this.#timer.unref();
    }
  }

  /** Write every buffered row now. */
  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return;
    this.#writeBatch(this.#pending.splice(0));
  }

  summary(): CallLogSummary {
    this.flush();
    return this.#summary.get()!;
  }

  close(): void {
    this.flush();
  }
}

function toParameters(entry: CallLogEntry): InsertParameters {
  return [
    entry.at,
    entry.modelId,
    entry.cacheKey ?? null,
    entry.inputTokens ?? null,
    entry.outputTokens ?? null,
    entry.costUsd ?? null,
    entry.latencyMs,
    entry.cached ? 1 : 0,
    entry.errorCode ?? null,
  ];
}
