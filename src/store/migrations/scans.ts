import type { Migration } from './migration.ts';

/** What reading a suite's tests found, kept so that unchanged test files are not read twice. */
export const SCAN_MIGRATIONS: readonly Migration[] = [
  {
    id: 'scans-001-test-scans',
    sql: `
      -- key: hash of what a scan read (defaults, sources, each test file's content).
      -- files: JSON [[path, sha256]] of the variable files the scan read as well.
      -- scan: JSON of what the scan found (counts, hashes, repeated ids, warnings).
      CREATE TABLE test_scans (
        key TEXT PRIMARY KEY,
        files TEXT NOT NULL,
        scan TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX test_scans_created ON test_scans (created_at);
    `,
  },
];
