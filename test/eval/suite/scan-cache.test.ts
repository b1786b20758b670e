import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { openDatabase, type SqliteDatabase } from '../../../src/store/database.ts';
import { ScanStore } from '../../../src/store/scan-store.ts';

const SUITE = `prompts: [p]
defaultTest:
  assert: [{ type: contains, value: x }]
tests:
  - vars: { topic: inline }
  - file://rows.jsonl
`;

const ROWS = [
  '{"vars":{"topic":"a","doc":"file://doc.txt"}}',
  '{"vars":{"topic":"b"}}',
  '{"vars":{"topic":"b"}}',
];

let dir: string;
let db: SqliteDatabase;
let scans: ScanStore;

function write(name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

// The suite without its locator (functions, new at each load), to compare loads.
async function load(options: { scans?: ScanStore } = { scans }) {
  const { locator: _locator, ...suite } = await loadSuite(join(dir, 'suite.yaml'), options);
  return suite;
}

// Marks the kept scan, so that a load that uses it shows it.
function markKeptScans(): void {
  db.prepare(`UPDATE test_scans SET scan = json_set(scan, '$.dataHash', 'from the kept scan')`).run();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plume-scan-'));
  write('suite.yaml', SUITE);
  write('rows.jsonl', `${ROWS.join('\n')}\n`);
  write('doc.txt', 'first version');
  db = openDatabase(':memory:');
  scans = new ScanStore(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kept scans of a suite’s tests', () => {
  it('give the same suite as reading every test, without reading them again', async () => {
    const plain = await load({});
    const first = await load();
    expect(first).toEqual(plain);
    expect(first.duplicateIds).toHaveLength(1);
    expect(first.warnings.some((warning) => warning.includes('identical to an earlier one'))).toBe(true);
    expect(await load()).toEqual(plain);
    markKeptScans();
    expect((await load()).dataHash).toBe('from the kept scan');
  });

  it('are not used once a test file changes', async () => {
    const before = await load();
    markKeptScans();
    write('rows.jsonl', `${ROWS.slice(0, 2).join('\n')}\n`);
    const after = await load();
    expect(after.testCount).toBe(before.testCount - 1);
    expect(after.dataHash).not.toBe('from the kept scan');
    expect(after.duplicateIds).toEqual([]);
  });

  it('are not used once a variable file they read changes', async () => {
    const before = await load();
    markKeptScans();
    write('doc.txt', 'second version');
    const after = await load();
    expect(after.dataHash).not.toBe('from the kept scan');
    expect(after.dataHash).not.toBe(before.dataHash);
  });

  it('are not used once the defaults change', async () => {
    await load();
    markKeptScans();
    write('suite.yaml', SUITE.replace('value: x', 'value: y'));
    expect((await load()).dataHash).not.toBe('from the kept scan');
  });

  it('are read again when a kept one cannot be used', async () => {
    const before = await load();
    db.prepare(`UPDATE test_scans SET scan = '{"sources": "not a list"}'`).run();
    expect(await load()).toEqual(before);
    db.prepare(`UPDATE test_scans SET files = 'not json'`).run();
    expect(await load()).toEqual(before);
  });

  it('still report a bad row at its line', async () => {
    await load();
    write('rows.jsonl', `${ROWS[0]}\n{"vars": 3}\n`);
    await expect(load()).rejects.toMatchObject({ location: { file: join(dir, 'rows.jsonl'), line: 2 } });
  });
});
