// Per-column figures, on hand-made cells with known answers.
import { describe, expect, it } from 'vitest';
import type { CellRecord, RunManifest } from '../../src/spec/run.ts';
import { openDatabase } from '../../src/store/database.ts';
import { RunStore } from '../../src/store/run-store.ts';

const MANIFEST = { prompts: [], models: [], repeats: 1, selection: {} } as unknown as RunManifest;

function cell(promptIndex: number, testIndex: number, extra: Partial<CellRecord>): CellRecord {
  return {
    key: `${promptIndex}-${testIndex}`,
    promptIndex,
    modelIndex: 0,
    testIndex,
    testId: `t${testIndex}`,
    repeat: 0,
    output: undefined,
    inputTokens: undefined,
    outputTokens: undefined,
    costUsd: undefined,
    latencyMs: undefined,
    cached: false,
    error: undefined,
    pass: undefined,
    score: undefined,
    reason: undefined,
    assertions: [],
    ...extra,
  };
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
