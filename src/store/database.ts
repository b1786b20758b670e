import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { PlumeError } from '../util/errors.ts';
import { checkIntegrity, checkStoreFile, damagedStoreError, isDamage } from './damaged-store.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { storeUpgradeNotice } from './upgrade-notice.ts';

export type SqliteDatabase = Database.Database;

/**
 * Open (creating if needed) the embedded store and bring its schema up to date.
 * `:memory:` gives a throwaway store for tests.
 */
export function openDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    checkStoreFile(path);
  }
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (cause) {
    if (isDamage(cause)) throw damagedStoreError(path, cause);
    throw new PlumeError({
      code: 'STORE',
      message: `cannot open the store at ${path}`,
      hint: 'check that the folder is writable and the file is a plume store',
      cause,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // SQLite's page cache, which better-sqlite3 sets to 16 MiB: it fills up in any run of more than a
    // few thousand cells and stays resident. 8 MiB holds the pages a run touches again (the tops of
    // the B-trees) for a few per cent more reads from the OS cache.
    db.pragma('cache_size = -8000');
    if (path !== ':memory:') checkIntegrity(db, path);
    migrate(db);
  } catch (cause) {
    db.close();
    throw isDamage(cause) ? damagedStoreError(path, cause) : cause;
  }
  return db;
}

/** Apply every migration not yet applied, each in its own transaction. */
export function migrate(db: SqliteDatabase, notice = storeUpgradeNotice()): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    const rewrites = migration.rewrites;
    if (rewrites !== undefined && notice !== undefined && hasRows(db, rewrites.table)) notice(rewrites.what);
    db.transaction(() => {
      applyMigration(db, migration);
      record.run(migration.id, new Date().toISOString());
    })();
  }
}

/** Run one migration's SQL, with the SQL functions it calls defined first (no transaction of its own). */
export function applyMigration(db: SqliteDatabase, migration: Migration): void {
  for (const [name, implementation] of Object.entries(migration.functions ?? {}))
    db.function(name, { deterministic: true }, implementation as (...args: unknown[]) => unknown);
  db.exec(migration.sql);
}

function hasRows(db: SqliteDatabase, table: string): boolean {
  return db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table})`).pluck().get() === 1;
}
