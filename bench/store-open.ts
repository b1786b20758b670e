// What opening the embedded store costs, and its integrity check at open: a store of N cells (a
// run of N/2 tests × 2 prompts, each cell with an answer and three checks) is written once, then
// opened again and again; figures are the median of --runs opens, with PRAGMA quick_check timed
// on its own.
// Reproduce: node_modules/.bin/node bench/store-open.ts [--cells 20000] [--runs 9]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { CellRecord, RunManifest } from '../src/spec/run.ts';
import { openDatabase } from '../src/store/database.ts';
import { RunStore } from '../src/store/run-store.ts';

const { values } = parseArgs({
  options: { cells: { type: 'string', default: '20000' }, runs: { type: 'string', default: '9' } },
});
const cells = Number(values.cells);
const runs = Number(values.runs);
const tests = Math.ceil(cells / 2);

const manifest: RunManifest = {
  suiteFile: 'suite.yaml',
  suiteHash: 'h',
  dataHash: 'd',
  prompts: ['greet', 'warm'].map((name) => ({ label: name, name, hash: name, source: 'library' as const })),
  models: [{ label: 'stub:m', ref: 'stub:m', params: {} }],
  repeats: 1,
  seed: 0,
  selection: {},
  testCount: tests,
  cellCount: tests * 2,
  cache: 'use',
  plumeVersion: '0.0.0',
};

const check = (type: 'icontains' | 'regex' | 'not-contains', pass: boolean) =>
  ({
    type,
    pass,
    score: pass ? 1 : 0,
    reason: pass ? '' : 'did not match',
    weight: 1,
  }) as CellRecord['assertions'][number];

function cellOf(testIndex: number, promptIndex: number): CellRecord {
  return {
    key: `${testIndex}-${promptIndex}`,
    promptIndex,
    modelIndex: 0,
    testIndex,
    testId: `id${testIndex}`,
    repeat: 0,
    output: `An answer of a few sentences to test ${testIndex}, as a small model would write it.`,
    inputTokens: 40,
    outputTokens: 20,
    costUsd: 0.00001,
    latencyMs: 300,
    cached: false,
    error: undefined,
    pass: testIndex % 5 !== 0,
    score: 1,
    reason: undefined,
    assertions: [check('icontains', true), check('regex', testIndex % 5 !== 0), check('not-contains', true)],
  };
}

const folder = mkdtempSync(join(tmpdir(), 'plume-store-open-'));
const file = join(folder, 'plume.db');
try {
  const store = new RunStore(openDatabase(file));
  store.createRun('r', manifest);
  for (let from = 0; from < tests; from += 500) {
    const batch: CellRecord[] = [];
    for (let test = from; test < Math.min(tests, from + 500); test++)
      batch.push(cellOf(test, 0), cellOf(test, 1));
    store.writeCells('r', batch);
  }
  store.setStatus('r', 'completed');
  const median = (measure: () => void): number => {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      measure();
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  };
  const open = median(() => openDatabase(file).close());
  const check = median(() => {
    const db = new Database(file, { readonly: true });
    db.pragma('quick_check');
    db.close();
  });
  const mib = statSync(file).size / 2 ** 20;
  console.log(
    `store of ${cells} cells (${mib.toFixed(1)} MiB): open ${open.toFixed(1)} ms, quick_check alone ${check.toFixed(1)} ms`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
