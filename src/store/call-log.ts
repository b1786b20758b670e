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
  /** The whole call's time: waits for the provider's concurrency limit, failed attempts and backoffs included. */
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
  number,
];

/** Cache hits of one model since the last write, written as one row: the first hit, with the rest summed in. */
interface HitTally {
  row: CallLogEntry;
  calls: number;
}

/**
 * The log of every model call. Rows are buffered and written in one transaction per batch, so
 * tens of thousands of calls cost a few hundred writes; a crash loses at most `flushDelayMs` of rows.
 * Cache hits cost nothing and are tallied: each write adds one row per model for its hits since
 * the last (`calls` of them, with summed tokens and latency, at the time of the first). A row per
 * hit was a fifth of a cached re-run's time, and most of the log's size.
 */
export class CallLog {
  readonly #pending: CallLogEntry[] = [];
  #hits = new Map<string, HitTally>();
  #hitCount = 0;
  readonly #insert: Database.Statement<InsertParameters>;
  readonly #writeBatch: (entries: CallLogEntry[], hits: Map<string, HitTally>) => void;
  readonly #summary: Database.Statement<[], CallLogSummary>;
  readonly #batchSize: number;
  readonly #flushDelayMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: SqliteDatabase, options: CallLogOptions = {}) {
    this.#batchSize = options.batchSize ?? 512;
    this.#flushDelayMs = options.flushDelayMs ?? 200;
    this.#insert = db.prepare(
      `INSERT INTO call_log (at, model_id, cache_key, input_tokens, output_tokens, cost_usd, latency_ms, cached, error_code, calls)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#writeBatch = db.transaction((entries: CallLogEntry[], hits: Map<string, HitTally>) => {
      for (const entry of entries) this.#insert.run(...toParameters(entry));
      for (const { row, calls } of hits.values()) this.#insert.run(...toParameters(row, calls));
    });
    this.#summary = db.prepare(
      `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(calls * cached), 0) AS cached,
              count(error_code) AS errors, coalesce(sum(input_tokens), 0) AS inputTokens,
              coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cost_usd), 0) AS costUsd
       FROM call_log`,
    );
  }

  append(entry: CallLogEntry): void {
    if (entry.cached) this.#tally(entry);
    else this.#pending.push(entry);
    if (this.#pending.length + this.#hitCount >= this.#batchSize) this.flush();
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
    if (this.#pending.length === 0 && this.#hitCount === 0) return;
    const hits = this.#hits;
    this.#hits = new Map();
    this.#hitCount = 0;
    this.#writeBatch(this.#pending.splice(0), hits);
  }

  #tally(entry: CallLogEntry): void {
    this.#hitCount += 1;
    const hit = this.#hits.get(entry.modelId);
    if (hit === undefined) {
      const row = { ...entry, cacheKey: undefined, costUsd: 0 };
      this.#hits.set(entry.modelId, { row, calls: 1 });
      return;
    }
    hit.calls += 1;
    hit.row.inputTokens = (hit.row.inputTokens ?? 0) + (entry.inputTokens ?? 0);
    hit.row.outputTokens = (hit.row.outputTokens ?? 0) + (entry.outputTokens ?? 0);
    hit.row.latencyMs += entry.latencyMs;
  }

  summary(): CallLogSummary {
    this.flush();
    return this.#summary.get()!;
  }

  close(): void {
    this.flush();
  }
}

/** The insert's values for an entry; `calls` above 1 for a tally of cache hits. */
function toParameters(entry: CallLogEntry, calls = 1): InsertParameters {
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
    calls,
  ];
}
