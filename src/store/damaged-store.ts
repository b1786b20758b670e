import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { isPlumeError, PlumeError } from '../util/errors.ts';

/**
 * Stores up to this size (some 50,000 cells) are checked with PRAGMA quick_check at each open. It
 * reads every page: 10 ms for a store of 20,000 cells (3.2 MiB), 95 to 160 ms for 200,000
 * (56 MiB) (bench/store-open.ts), so a larger store is checked only as far as SQLite reads it:
 * its header and schema at open.
 */
export const QUICK_CHECK_MAX_BYTES = 8 * 2 ** 20;

/** SQLite's own codes for a file that is not a whole database (extended codes included). */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * The damage behind an error, wherever it was raised and whatever wrapped it (a cache read inside a
 * model call, a page read by a report): the SQLite error itself, or undefined when there is none. A
 * user error that names its own cause (a file that cannot be read) is no damage of the store's.
 */
export function findDamage(error: unknown): unknown {
  let cause: unknown = error;
  for (let depth = 0; depth < 8 && cause instanceof Error; depth++) {
    if (isDamage(cause)) return cause;
    if (isPlumeError(cause) && (cause.code === 'STORE_DAMAGED' || cause.category === 'user'))
      return undefined;
    cause = cause.cause;
  }
  return undefined;
}

/** The user error for a damaged store: which file, and how to go on without it. */
export function damagedStoreError(path: string, cause: unknown, what?: string): PlumeError {
  if (isPlumeError(cause)) return cause;
  const detail = what ?? (cause instanceof Error ? cause.message : String(cause));
  return new PlumeError({
    code: 'STORE_DAMAGED',
    message: `the store is damaged (${detail}); plume will not read or write it`,
    location: { file: path },
    hint:
      `move it aside (mv ${path} ${path}.damaged) and run plume again to start a new store: its runs, ` +
      'cached answers, saved versions and labels are lost; the prompt files are yours and stay ' +
      '(sqlite3 .recover may save some rows of the old one)',
    cause,
  });
}

/**
 * A store file of 0 bytes opens as an empty database and would silently lose its runs: refuse it,
 * unless its write-ahead log holds what was written (SQLite then reads the store from the log).
 */
export function checkStoreFile(path: string): void {
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size !== 0) return;
  if ((statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0) return;
  throw damagedStoreError(path, undefined, 'the file is empty, 0 bytes');
}

/** PRAGMA quick_check for a store small enough (QUICK_CHECK_MAX_BYTES); throws the damage it finds. */
export function checkIntegrity(db: Database.Database, path: string): void {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0 || size > QUICK_CHECK_MAX_BYTES) return;
  const findings = db.pragma('quick_check(1)', { simple: false }) as { quick_check: string }[];
  const first = findings[0]?.quick_check;
  if (first === undefined || first === 'ok') return;
  // Its first line names the schema ('*** in database main ***'); the finding follows.
  const finding = first
    .split('\n')
    .filter((line) => !line.startsWith('***'))
    .join(' ');
  throw damagedStoreError(path, undefined, finding);
}
