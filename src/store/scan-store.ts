import type { SqliteDatabase } from './database.ts';

/** A stored scan: what it found, and the variable files it read, each with its content's sha256. */
export interface StoredScan {
  files: [path: string, sha256: string][];
  scan: unknown;
}

/** How many scans are kept: the newest, as a project's suites come and go. */
const KEEP = 64;

/** Scans of a suite's tests by the hash of what they read (see scan-cache.ts in eval/suite). */
export class ScanStore {
  readonly #get;
  readonly #put;
  readonly #prune;

  constructor(db: SqliteDatabase) {
    this.#get = db.prepare<[string], { files: string; scan: string }>(
      'SELECT files, scan FROM test_scans WHERE key = ?',
    );
    this.#put = db.prepare(
      'INSERT OR REPLACE INTO test_scans (key, files, scan, created_at) VALUES (?, ?, ?, ?)',
    );
    this.#prune = db.prepare(
      `DELETE FROM test_scans WHERE key NOT IN (SELECT key FROM test_scans ORDER BY created_at DESC LIMIT ${KEEP})`,
    );
  }

  /** The scan stored under `key`; undefined if none, or if its row cannot be read. */
  get(key: string): StoredScan | undefined {
    const row = this.#get.get(key);
    if (row === undefined) return undefined;
    try {
      return { files: JSON.parse(row.files) as StoredScan['files'], scan: JSON.parse(row.scan) as unknown };
    } catch {
      return undefined;
    }
  }

  put(key: string, stored: StoredScan, now = new Date()): void {
    this.#put.run(key, JSON.stringify(stored.files), JSON.stringify(stored.scan), now.toISOString());
    this.#prune.run();
  }
}
