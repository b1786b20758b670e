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

/** The named parameters of the cell insert. */
export function cellParameters(runId: string, cell: CellRecord): Record<string, unknown> {
  return {
    run_id: runId,
    cell_key: cell.key,
    prompt_index: cell.promptIndex,
    model_index: cell.modelIndex,
    test_index: cell.testIndex,
    test_id: cell.testId,
    repeat: cell.repeat,
    output: cell.output ?? null,
    input_tokens: cell.inputTokens ?? null,
    output_tokens: cell.outputTokens ?? null,
    cost_usd: cell.costUsd ?? null,
    latency_ms: cell.latencyMs ?? null,
    cached: cell.cached ? 1 : 0,
    error_code: cell.error?.code ?? null,
    error_message: cell.error?.message ?? null,
    pass: cell.pass === undefined ? null : cell.pass ? 1 : 0,
    score: cell.score ?? null,
    reason: cell.reason ?? null,
    assertions: JSON.stringify(cell.assertions),
  };
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
