import type { Migration } from './migration.ts';

/** Prompts, versions, labels, tags and full-text search. */
export const LIBRARY_MIGRATIONS: readonly Migration[] = [];
