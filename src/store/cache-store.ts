import type Database from 'better-sqlite3';
import type { ProviderResult } from '../spec/model.ts';
import type { SqliteDatabase } from './database.ts';

/** Size of the response cache, overall and per model. */
export interface CacheStats {
  entries: number;
  /** UTF-8 bytes of the stored answers. */
  bytes: number;
  /** Calls answered from the cache, as counted in the call log. */
  hits: number;
  models: { modelId: string; entries: number; bytes: number }[];
}

/** Which entries `clear` removes; no field means every entry. */
export interface CacheClearFilter {
  /** `provider:model`: only this model's entries. */
  modelId?: string;
  /** Only the entries of this provider's models. */
  provider?: string;
  /** Only entries written before this time (ms since the epoch). */
  before?: number;
}

interface CacheRow {
  text: string;
  input_tokens: number;
  output_tokens: number;
  finish_reason: string;
  log_probs: string | null;
}

interface KeyedCacheRow extends CacheRow {
  key: string;
  created_at: number;
}

interface Lookup {
  key: string;
  notBefore: number;
  resolve: (result: ProviderResult | undefined) => void;
  reject: (error: unknown) => void;
}

/** Keys a lookup query takes at once (SQLite binds one JSON array, so this only bounds its size). */
const LOOKUP_BATCH = 500;

/**
 * The persistent response cache: answers keyed by a hash of the request. Errors are never stored here.
 *
 * `put` commits each answer by itself, before the caller uses it: a kill -9 then loses no answer
 * the process had read, and a resume pays again only for the calls still in flight. Not queued for
 * one commit at the end of the turn of the event loop: within that turn the answered call's slot
 * goes to the next call, and a kill before the commit made a resume pay for the answered call
 * again. It costs about 45 µs of CPU an answer (WAL, synchronous NORMAL: a write to the log, no
 * fsync): a first run of 20,000 cells against a local stub with no latency took 0.20 ms of CPU a
 * cell with a commit a turn, 0.23-0.26 ms with a commit an answer; a paid call takes far longer.
 */
export class CacheStore {
  readonly #db: SqliteDatabase;
  readonly #select: Database.Statement<[string, number], CacheRow>;
  readonly #upsert: Database.Statement<
    [string, string, number, string, number, number, string, string | null]
  >;
  readonly #selectMany: Database.Statement<[string], KeyedCacheRow>;
  #lookups: Lookup[] = [];
  #lookupScheduled = false;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    // Keys are hex digests here and their bytes in the table (migration cache-4-binary-keys).
    this.#select = db.prepare(
      'SELECT text, input_tokens, output_tokens, finish_reason, log_probs FROM response_cache WHERE key = unhex(?) AND created_at >= ?',
    );
    this.#selectMany = db.prepare(
      `SELECT asked.value AS key, created_at, text, input_tokens, output_tokens, finish_reason, log_probs
       FROM json_each(?) AS asked JOIN response_cache ON response_cache.key = unhex(asked.value)`,
    );
    this.#upsert = db.prepare(
      `INSERT OR REPLACE INTO response_cache (key, model_id, created_at, text, input_tokens, output_tokens, finish_reason, log_probs)
       VALUES (unhex(?), ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** The answer stored under `key` no earlier than `notBefore` (ms since the epoch; 0 for any age). */
  get(key: string, notBefore: number): ProviderResult | undefined {
    const row = this.#select.get(key, notBefore);
    return row === undefined ? undefined : resultOf(row);
  }

  /**
   * The same answer as `get`, looked up together with every other lookup made in this turn of the
   * event loop: one query answers them all. A run's cells in flight ask at about the same time: in
   * a cached re-run of 20,000 cells a query per key cost 25 µs a key (most of it starting and ending
   * a read transaction), one query for the 32 cells in flight 7 µs.
   */
  lookup(key: string, notBefore: number): Promise<ProviderResult | undefined> {
    return new Promise((resolve, reject) => {
      this.#lookups.push({ key, notBefore, resolve, reject });
      if (this.#lookupScheduled) return;
      this.#lookupScheduled = true;
      setImmediate(() => this.#answerLookups());
    });
  }

  /**
   * Which of `keys` have an answer stored no earlier than `notBefore`: the query `lookup` batches
   * with, once per LOOKUP_BATCH keys (a dry run asks for every cell of a suite).
   */
  cachedKeys(keys: readonly string[], notBefore: number): Set<string> {
    const found = new Set<string>();
    for (let start = 0; start < keys.length; start += LOOKUP_BATCH) {
      const batch = keys.slice(start, start + LOOKUP_BATCH);
      for (const row of this.#selectMany.all(JSON.stringify(batch))) {
        if (row.created_at >= notBefore) found.add(row.key);
      }
    }
    return found;
  }

  #answerLookups(): void {
    this.#lookupScheduled = false;
    const lookups = this.#lookups;
    this.#lookups = [];
    for (let start = 0; start < lookups.length; start += LOOKUP_BATCH) {
      const batch = lookups.slice(start, start + LOOKUP_BATCH);
      let rows: Map<string, KeyedCacheRow>;
      try {
        const keys = JSON.stringify(batch.map((lookup) => lookup.key));
        rows = new Map(this.#selectMany.all(keys).map((row) => [row.key, row]));
      } catch (error) {
        for (const lookup of batch) lookup.reject(error);
        continue;
      }
      for (const lookup of batch) {
        const row = rows.get(lookup.key);
        lookup.resolve(row === undefined || row.created_at < lookup.notBefore ? undefined : resultOf(row));
      }
    }
  }

  /** Store an answer under `key`, a sha256 hex digest (cacheKey); committed when this returns. */
  put(key: string, modelId: string, result: ProviderResult, now: number): void {
    if (!HEX_DIGEST.test(key))
      throw new Error(`a cache key is a sha256 hex digest, not '${key.slice(0, 80)}'`);
    const { text, usage, finishReason, logProbs } = result;
    const logProbsText = logProbs === undefined ? null : JSON.stringify(logProbs);
    this.#upsert.run(
      key,
      modelId,
      now,
      text,
      usage.inputTokens,
      usage.outputTokens,
      finishReason,
      logProbsText,
    );
  }

  stats(): CacheStats {
    const models = this.#db
      .prepare(
        `SELECT model_id AS modelId, count(*) AS entries, coalesce(sum(length(CAST(text AS BLOB))), 0) AS bytes
         FROM response_cache GROUP BY model_id ORDER BY model_id`,
      )
      .all() as CacheStats['models'];
    const hits = this.#db
      .prepare('SELECT coalesce(sum(calls), 0) FROM call_log WHERE cached = 1')
      .pluck()
      .get() as number;
    return {
      entries: models.reduce((sum, model) => sum + model.entries, 0),
      bytes: models.reduce((sum, model) => sum + model.bytes, 0),
      hits,
      models,
    };
  }

  /** Remove the entries the filter selects; returns how many went. */
  clear(filter: CacheClearFilter = {}): number {
    const conditions: string[] = [];
    const values: (string | number)[] = [];
    if (filter.modelId !== undefined) {
      conditions.push('model_id = ?');
      values.push(filter.modelId);
    }
    if (filter.provider !== undefined) {
      const prefix = `${filter.provider}:`;
      conditions.push('substr(model_id, 1, ?) = ?');
      values.push(prefix.length, prefix);
    }
    if (filter.before !== undefined) {
      conditions.push('created_at < ?');
      values.push(filter.before);
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    return this.#db.prepare(`DELETE FROM response_cache${where}`).run(...values).changes;
  }
}

/** What cacheKey makes: the table keeps its bytes. */
const HEX_DIGEST = /^[0-9a-f]{64}$/;

function resultOf(row: CacheRow): ProviderResult {
  const result: ProviderResult = {
    text: row.text,
    usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens },
    finishReason: row.finish_reason,
  };
  if (row.log_probs !== null) result.logProbs = JSON.parse(row.log_probs) as number[];
  return result;
}
