import { CACHE_MIGRATIONS } from './cache.ts';
import { JOURNAL_MIGRATIONS } from './journal.ts';
import { LIBRARY_MIGRATIONS } from './library.ts';
import type { Migration } from './migration.ts';
import { OPTIMIZATION_MIGRATIONS } from './optimizations.ts';
import { RATING_MIGRATIONS } from './ratings.ts';
import { RUN_CELL_ORDER_MIGRATIONS, RUN_MIGRATIONS } from './runs.ts';
import { SCAN_MIGRATIONS } from './scans.ts';

export type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [
  ...LIBRARY_MIGRATIONS,
  ...CACHE_MIGRATIONS,
  ...RUN_MIGRATIONS,
  ...RATING_MIGRATIONS,
  ...OPTIMIZATION_MIGRATIONS,
  ...RUN_CELL_ORDER_MIGRATIONS,
  ...SCAN_MIGRATIONS,
  ...JOURNAL_MIGRATIONS,
];
