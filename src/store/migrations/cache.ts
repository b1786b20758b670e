import type { Migration } from './migration.ts';

/** The response cache and the log of calls. */
export const CACHE_MIGRATIONS: readonly Migration[] = [];
