import type { CellRecord } from '../../src/spec/run.ts';

/** A cell of test 0 in column (0, 0) with nothing recorded, but for `fields`. */
export function blankCell(fields: Partial<CellRecord>): CellRecord {
  return {
    key: '0',
    promptIndex: 0,
    modelIndex: 0,
    testIndex: 0,
    testId: 't0',
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
    ...fields,
  };
}
