// Per-column figures, on hand-made cells with known answers.
import { describe, expect, it } from 'vitest';
import type { CellRecord, RunManifest } from '../../src/spec/run.ts';
import { openDatabase } from '../../src/store/database.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { blankCell } from '../helpers/cell-record.ts';

const MANIFEST = { prompts: [], models: [], repeats: 1, selection: {} } as unknown as RunManifest;

function cell(promptIndex: number, testIndex: number, extra: Partial<CellRecord>): CellRecord {
  return blankCell({
    key: `${promptIndex}-${testIndex}`,
    promptIndex,
    testIndex,
    testId: `t${testIndex}`,
    ...extra,
  });
}

function figures(cells: CellRecord[]) {
  const runs = new RunStore(openDatabase(':memory:'));
  runs.createRun('r', MANIFEST);
  runs.writeCells('r', cells);
  return runs.columnFigures('r');
}

describe('columnFigures', () => {
  it('gives the lower median latency, skipping cells without one', () => {
    const [odd, even] = figures([
      ...[9, 1, 5, 3, 7].map((latencyMs, test) => cell(0, test, { latencyMs, pass: true, score: 1 })),
      cell(0, 5, { error: { code: 'PROVIDER', message: 'down' } }),
      ...[40, 10, 30, 20].map((latencyMs, test) =>
        cell(1, test, { latencyMs, pass: test > 1, score: test / 4 }),
      ),
    ]);
    expect(odd).toMatchObject({ promptIndex: 0, cells: 6, errors: 1, latencyP50: 5, meanScore: 1 });
    expect(even).toMatchObject({ promptIndex: 1, cells: 4, errors: 0, latencyP50: 20, meanScore: 0.375 });
  });

  it('sorts latencies as numbers, not as text', () => {
    const [column] = figures([2, 10, 100, 9.5, 1000].map((latencyMs, test) => cell(0, test, { latencyMs })));
    expect(column!.latencyP50).toBe(10);
  });

  it('has no median for a column without timed cells', () => {
    const [column] = figures([cell(0, 0, { error: { code: 'PROVIDER', message: 'down' } })]);
    expect(column!.latencyP50).toBeUndefined();
    expect(column!.meanScore).toBeUndefined();
  });
});

describe('a finished run’s figures', () => {
  const cells = [
    cell(0, 0, {
      pass: true,
      score: 1,
      cached: true,
      costUsd: 0,
      inputTokens: 4,
      outputTokens: 5,
      latencyMs: 3,
    }),
    cell(0, 1, { pass: false, score: 0.25, costUsd: 0.1, inputTokens: 7, outputTokens: 2, latencyMs: 8 }),
    cell(0, 2, { error: { code: 'PROVIDER', message: 'down' } }),
    cell(1, 0, { pass: true, score: 0.5, costUsd: 0.2, inputTokens: 1, outputTokens: 1, latencyMs: 1 }),
    cell(1, 1, { pass: true, score: 0.75, costUsd: 0.3, inputTokens: 2, outputTokens: 3, latencyMs: 6 }),
  ];

  it('are added up as the cells are written, equal to what the cells give', () => {
    const db = openDatabase(':memory:');
    const runs = new RunStore(db);
    runs.createRun('r', MANIFEST);
    runs.writeCells('r', cells.slice(0, 2));
    runs.writeCells('r', cells.slice(2));
    // While the run is going, the figures are read from its cells.
    const fromCells = runs.columnFigures('r');
    const totalsFromCells = runs.totals('r');
    const totals = runs.setStatus('r', 'completed');
    expect(db.prepare("SELECT columns FROM runs WHERE id = 'r'").pluck().get()).not.toBeNull();
    expect(runs.columnFigures('r')).toEqual(fromCells);
    expect(totals).toEqual({ ...totalsFromCells, costUsd: 0.6 });
    expect(totals).toMatchObject({ cells: 5, passed: 3, failed: 1, errors: 1, cached: 1, inputTokens: 14 });
    expect(runs.getRun('r').totals).toEqual(totals);
    expect(fromCells[1]).toMatchObject({ cells: 2, meanScore: 0.625, latencyP50: 1, costUsd: 0.5 });
  });

  it('are read from the cells for a run this store did not create (a resumed run)', () => {
    const db = openDatabase(':memory:');
    new RunStore(db).createRun('r', MANIFEST);
    const later = new RunStore(db);
    later.writeCells('r', cells);
    const totals = later.setStatus('r', 'completed');
    expect(totals).toMatchObject({ cells: 5, passed: 3, failed: 1, errors: 1, cached: 1, outputTokens: 11 });
    expect(later.columnFigures('r')[0]).toMatchObject({
      cells: 3,
      errors: 1,
      meanScore: 0.625,
      latencyP50: 3,
    });
  });

  it('are read from the cells again once the run goes on (a resume), and stored anew when it ends', () => {
    const db = openDatabase(':memory:');
    const runs = new RunStore(db);
    runs.createRun('r', MANIFEST);
    runs.writeCells('r', cells.slice(0, 3));
    runs.setStatus('r', 'interrupted');
    runs.reopen('r');
    expect(runs.getRun('r')).toMatchObject({ status: 'running', totals: { cells: 3 } });
    expect(db.prepare("SELECT columns FROM runs WHERE id = 'r'").pluck().get()).toBeNull();
    runs.writeCells('r', cells.slice(3));
    expect(runs.columnFigures('r')).toHaveLength(2);
    expect(runs.setStatus('r', 'completed')).toMatchObject({ cells: 5, passed: 3 });
    expect(runs.columnFigures('r')[1]).toMatchObject({ cells: 2, meanScore: 0.625 });
  });
});

describe('writeCells', () => {
  it('refuses a cell already stored under its key, unless told to replace it (a retry)', () => {
    const runs = new RunStore(openDatabase(':memory:'));
    runs.createRun('r', MANIFEST);
    runs.writeCells('r', [cell(0, 0, { error: { code: 'PROVIDER', message: 'down' } })]);
    expect(() => runs.writeCells('r', [cell(0, 0, { pass: true })])).toThrow(/UNIQUE/);
    runs.writeCells('r', [cell(0, 0, { pass: true })], { replace: true });
    expect(runs.totals('r')).toMatchObject({ cells: 1, passed: 1, errors: 0 });
    expect(runs.setStatus('r', 'completed')).toMatchObject({ cells: 1, passed: 1, errors: 0 });
  });
});

describe('reading a run’s cells by column, through the row index', () => {
  // 2 prompts × 2 models × 3 tests × 2 repeats, written test by test as a run writes them.
  const cells: CellRecord[] = [];
  for (let test = 0; test < 3; test++) {
    for (let prompt = 0; prompt < 2; prompt++) {
      for (let model = 0; model < 2; model++) {
        for (let repeat = 0; repeat < 2; repeat++) {
          cells.push({
            ...cell(prompt, test, {}),
            key: `${test}-${prompt}-${model}-${repeat}`,
            modelIndex: model,
            repeat,
            // Column (1, 1) errs on test 2; the others pass when (test + repeat + model) is even.
            ...(prompt === 1 && model === 1 && test === 2
              ? { error: { code: 'PROVIDER', message: 'down' } }
              : { pass: (test + repeat + model) % 2 === 0, latencyMs: 100 * prompt + 10 * model + test }),
          });
        }
      }
    }
  }
  const runs = new RunStore(openDatabase(':memory:'));
  runs.createRun('r', MANIFEST);
  runs.writeCells('r', cells);
  const place = (c: Pick<CellRecord, 'promptIndex' | 'modelIndex' | 'testIndex' | 'repeat'>) =>
    `${c.promptIndex}/${c.modelIndex}/${c.testIndex}/${c.repeat}`;

  it('gives the cells in column order: prompt, model, test, repeat', () => {
    const expected = [...cells]
      .sort(
        (a, b) =>
          a.promptIndex - b.promptIndex ||
          a.modelIndex - b.modelIndex ||
          a.testIndex - b.testIndex ||
          a.repeat - b.repeat,
      )
      .map(place);
    expect([...runs.iterateCells('r')].map(place)).toEqual(expected);
  });

  it('packs every column’s outcomes in one pass, in test and repeat order, without errored cells', () => {
    const decoded = [...runs.iteratePackedOutcomes('r', 2, 3)].map((packed) => {
      const pass = packed % 2;
      const place = (packed - pass) / 2;
      return { column: Math.floor(place / 3), test: place % 3, pass };
    });
    for (let column = 0; column < 4; column++) {
      const [prompt, model] = [Math.floor(column / 2), column % 2];
      const own = cells.filter(
        (c) => c.promptIndex === prompt && c.modelIndex === model && c.error === undefined,
      );
      expect(decoded.filter((entry) => entry.column === column)).toEqual(
        own.map((c) => ({ column, test: c.testIndex, pass: c.pass ? 1 : 0 })),
      );
    }
    // A cell beyond the counts given is left out rather than read as another column's.
    expect([...runs.iteratePackedOutcomes('r', 1, 3)].length).toBe(
      cells.filter((c) => c.modelIndex === 0 && c.error === undefined).length,
    );
  });

  it('gives each column its own median latency, read from the cells while the run goes on', () => {
    expect(runs.columnFigures('r').map((column) => column.latencyP50)).toEqual([1, 11, 101, 110]);
  });
});
