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
}

/** The persistent response cache: answers keyed by a hash of the request. Errors are never stored here. */
export class CacheStore {
  readonly #db: SqliteDatabase;
  readonly #select: Database.Statement<[string, number], CacheRow>;
  readonly #upsert: Database.Statement<[string, string, number, string, number, number, string]>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#select = db.prepare(
      'SELECT text, input_tokens, output_tokens, finish_reason FROM response_cache WHERE key = ? AND created_at >= ?',
    );
    this.#upsert = db.prepare(
      `INSERT OR REPLACE INTO response_cache (key, model_id, created_at, text, input_tokens, output_tokens, finish_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** The answer stored under `key` no earlier than `notBefore` (ms since the epoch; 0 for any age). */
  get(key: string, notBefore: number): ProviderResult | undefined {
    const row = this.#select.get(key, notBefore);
    if (row === undefined) return undefined;
    return {
      text: row.text,
      usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens },
      finishReason: row.finish_reason,
    };
  }

  put(key: string, modelId: string, result: ProviderResult, now: number): void {
    this.#upsert.run(
      key,
      modelId,
      now,
      result.text,
      result.usage.inputTokens,
      result.usage.outputTokens,
      result.finishReason,
    );
  }

  stats(): CacheStats {
    const models = this.#db
      .prepare(
        `SELECT model_id AS modelId, count(*) AS entries, coalesce(sum(length(CAST(text AS BLOB))), 0) AS bytes
         FROM response_cache GROUP BY model_id ORDER BY model_id`,
      )
      .all() as CacheStats['models'];
    const hits = this.#db.prepare('SELECT count(*) FROM call_log WHERE cached = 1').pluck().get() as number;
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
