// The store queries the run page's endpoints answer from, on hand-made cells with known answers.
import { describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../src/spec/assertion.ts';
import type { CellRecord, RunManifest } from '../../src/spec/run.ts';
import { openDatabase } from '../../src/store/database.ts';
import { RatingStore } from '../../src/store/rating-store.ts';
import { RunQueries } from '../../src/store/run-queries.ts';
import { RunStore } from '../../src/store/run-store.ts';

const MANIFEST = {
  prompts: [
    { label: 'a', name: 'a', hash: 'h', source: 'library' },
    { label: 'b', name: 'b', hash: 'h', source: 'library' },
  ],
  models: [{ label: 'm', ref: 'echo:default', params: {} }],
  repeats: 2,
  selection: {},
} as unknown as RunManifest;

function cell(
  promptIndex: number,
  testIndex: number,
  repeat: number,
  pass: boolean,
  extra: Partial<CellRecord> = {},
): CellRecord {
  return {
    key: `${promptIndex}-${testIndex}-${repeat}`,
    promptIndex,
    modelIndex: 0,
    testIndex,
    testId: `t${testIndex}`,
    repeat,
    output: 'x',
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0.5,
    latencyMs: 1,
    cached: false,
    error: undefined,
    pass,
    score: pass ? 1 : 0,
    reason: '',
    assertions: [],
    ...extra,
  };
}

function filled(cells: (run: string) => CellRecord[]) {
  const db = openDatabase(':memory:');
  const runs = new RunStore(db);
  for (const id of ['one', 'two']) {
    runs.createRun(id, MANIFEST);
    runs.writeCells(id, cells(id));
  }
  return { queries: new RunQueries(db), ratings: new RatingStore(db) };
}

describe('distribution', () => {
  it('gives exact quartiles and bins shared by the columns', () => {
    const { queries } = filled(() => [
      ...[9, 1, 5, 3, 7].map((latencyMs, test) => cell(0, test, 0, true, { latencyMs })),
      ...[0, 1, 2].map((test) => cell(1, test, 0, true, { latencyMs: 5 })),
    ]);
    const spread = queries.distribution('one', 'latencyMs', 4);
    expect(spread.edges).toEqual([1, 3, 5, 7, 9]);
    expect(spread.columns.map((column) => column.quartiles)).toEqual([
      [1, 3, 5, 7, 9],
      [5, 5, 5, 5, 5],
    ]);
    expect(spread.columns.map((column) => column.bins)).toEqual([
      [1, 1, 1, 2],
      [0, 0, 3, 0],
    ]);
    expect(spread.columns[0]!.mean).toBe(5);
  });

  it('interpolates between ranks, and draws one value on an axis from it to twice it', () => {
    const { queries } = filled(() =>
      [1, 2, 3, 4].map((latencyMs, test) => cell(0, test, 0, true, { latencyMs })),
    );
    expect(queries.distribution('one', 'latencyMs').columns[0]!.quartiles).toEqual([1, 1.75, 2.5, 3.25, 4]);
    const cost = queries.distribution('one', 'costUsd', 5);
    expect(cost.edges[0]).toBe(0.5);
    expect(cost.edges.at(-1)).toBeCloseTo(1, 12);
    expect(cost.columns[0]!.bins).toEqual([4, 0, 0, 0, 0]);
  });
});

describe('matrix filters', () => {
  const tone = (pass: boolean): AssertionResult[] => [
    {
      type: 'assert-set',
      pass,
      score: 1,
      reason: '',
      weight: 1,
      children: [{ type: 'llm-rubric', metric: 'tone', pass, score: 1, reason: '', weight: 1 }],
    },
  ];
  const { ratings, queries } = filled((run) => [
    // t0 passes always; t1 is flaky in column a; t2 fails in run one, passes in run two.
    ...[0, 1].flatMap((repeat) => [
      cell(0, 0, repeat, true),
      cell(0, 1, repeat, repeat === 0, { assertions: tone(repeat === 0) }),
      cell(1, 2, repeat, run === 'two'),
    ]),
  ]);
  const rows = (query: Parameters<RatingStore['matrixPage']>[1], run = 'one') =>
    ratings.matrixPage(run, query).rows.map((row) => `${row.testId}#${row.repeat}`);
  const pairs = [0, 1].map((index) => ({
    promptIndex: index,
    modelIndex: 0,
    otherPromptIndex: index,
    otherModelIndex: 0,
  }));

  it('keeps flaky tests, changed tests and failing checks, paged', () => {
    expect(rows({ offset: 0, limit: 10, flaky: true })).toEqual(['t1#0', 't1#1']);
    expect(rows({ offset: 0, limit: 10, changedSince: { runId: 'one', columns: pairs } }, 'two')).toEqual([
      't2#0',
      't2#1',
    ]);
    expect(rows({ offset: 0, limit: 10, failing: 'tone' })).toEqual(['t1#1']);
    expect(rows({ offset: 1, limit: 1, flaky: true })).toEqual(['t1#1']);
    expect(ratings.matrixPage('one', { offset: 0, limit: 1, flaky: true }).total).toBe(2);
  });

  it('lists check names inside groups with their failures', () => {
    expect(queries.checkNames('one')).toEqual([
      { name: 'assert-set', failures: 1 },
      { name: 'tone', failures: 1 },
    ]);
  });
});
