import type Database from 'better-sqlite3';
import type { AssertionResult } from '../spec/assertion.ts';
import type { CellRecord } from '../spec/run.ts';
import { safeJsonParse } from '../util/safe-json.ts';

/** A row of run_cells, as SQLite returns it. */
export interface CellRow {
  cell_key: string;
  prompt_index: number;
  model_index: number;
  test_index: number;
  test_id: string;
  repeat: number;
  output: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  cached: number;
  error_code: string | null;
  error_message: string | null;
  pass: number | null;
  score: number | null;
  reason: string | null;
  assertions: string;
}

/** The columns of run_cells, in the order insertCellRow binds their values. */
export const CELL_COLUMNS = [
  'run_id',
  'cell_key',
  'prompt_index',
  'model_index',
  'test_index',
  'test_id',
  'repeat',
  'output',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'latency_ms',
  'cached',
  'error_code',
  'error_message',
  'pass',
  'score',
  'reason',
  'assertions',
] as const;

/**
 * Insert a cell's row with `insert` (prepared over CELL_COLUMNS, in that order). The values are
 * passed as arguments, not as an array: binding from an array was 3% slower a row, and this runs
 * for every cell.
 */
export function insertCellRow(insert: Database.Statement<unknown[]>, runId: string, cell: CellRecord): void {
  insert.run(
    runId,
    cell.key,
    cell.promptIndex,
    cell.modelIndex,
    cell.testIndex,
    cell.testId,
    cell.repeat,
    cell.output ?? null,
    cell.inputTokens ?? null,
    cell.outputTokens ?? null,
    cell.costUsd ?? null,
    cell.latencyMs ?? null,
    cell.cached ? 1 : 0,
    cell.error?.code ?? null,
    cell.error?.message ?? null,
    cell.pass === undefined ? null : cell.pass ? 1 : 0,
    cell.score ?? null,
    cell.reason ?? null,
    JSON.stringify(cell.assertions),
  );
}

/** A stored row as a CellRecord. */
export function cellFromRow(row: CellRow): CellRecord {
  const assertions = safeJsonParse<AssertionResult[]>(row.assertions);
  return {
    key: row.cell_key,
    promptIndex: row.prompt_index,
    modelIndex: row.model_index,
    testIndex: row.test_index,
    testId: row.test_id,
    repeat: row.repeat,
    output: row.output ?? undefined,
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    costUsd: row.cost_usd ?? undefined,
    latencyMs: row.latency_ms ?? undefined,
    cached: row.cached === 1,
    error: row.error_code === null ? undefined : { code: row.error_code, message: row.error_message ?? '' },
    pass: row.pass === null ? undefined : row.pass === 1,
    score: row.score ?? undefined,
    reason: row.reason ?? undefined,
    assertions: assertions.ok && Array.isArray(assertions.value) ? assertions.value : [],
  };
}
