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
    encodeChecks(cell.assertions),
  );
}

/** A stored row as a CellRecord. */
export function cellFromRow(row: CellRow): CellRecord {
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
    assertions: decodeChecks(row.assertions),
  };
}

/**
 * A check's result as a cell's row stores it: short keys, and no weight of 1 nor a score that its
 * pass gives (1 or 0). `t` type, `p` pass (1 or 0), `r` reason, `s` score, `w` weight, `m` metric,
 * `e` error (1), `c` a group's checks. Three plain checks written out in full took 280 of the 380
 * bytes of text in a cell's row; this form takes 175, and a cached re-run of 20,000 cells took
 * 2-4% less time. Rows written before keep the full form: decodeChecks reads both.
 */
interface StoredCheck {
  t: AssertionResult['type'];
  p: 0 | 1;
  r: string;
  s?: number;
  w?: number;
  m?: string;
  e?: 1;
  c?: StoredCheck[];
}

/** SQL over a check object `t.value` of json_tree(assertions), in either form: its pass (1 or 0). */
export const STORED_CHECK_PASS = "coalesce(json_extract(t.value, '$.p'), json_extract(t.value, '$.pass'))";

/** SQL over a check object `t.value` of json_tree(assertions), in either form: its metric, else its type. */
export const STORED_CHECK_NAME = `coalesce(json_extract(t.value, '$.m'), json_extract(t.value, '$.metric'),
  json_extract(t.value, '$.t'), json_extract(t.value, '$.type'))`;

/** A cell's check results as its row stores them (StoredCheck). */
export function encodeChecks(results: readonly AssertionResult[]): string {
  return JSON.stringify(results.map(storedCheck));
}

function storedCheck(result: AssertionResult): StoredCheck {
  const pass = result.pass ? 1 : 0;
  const stored: StoredCheck = { t: result.type, p: pass, r: result.reason };
  if (result.score !== pass) stored.s = result.score;
  if (result.weight !== 1) stored.w = result.weight;
  if (result.metric !== undefined) stored.m = result.metric;
  if (result.error) stored.e = 1;
  if (result.children !== undefined) stored.c = result.children.map(storedCheck);
  return stored;
}

/** A row's check results, stored in either form; an unreadable value gives none. */
export function decodeChecks(text: string): AssertionResult[] {
  const parsed = safeJsonParse<unknown>(text);
  return parsed.ok && Array.isArray(parsed.value) ? parsed.value.map(checkResult) : [];
}

function checkResult(value: StoredCheck | AssertionResult): AssertionResult {
  // Written in full (before the short form), or not a check at all: as it is.
  if (typeof value !== 'object' || value === null || !('t' in value)) return value;
  const pass = value.p === 1;
  const result: AssertionResult = {
    type: value.t,
    pass,
    score: value.s ?? value.p,
    reason: value.r,
    weight: value.w ?? 1,
  };
  if (value.m !== undefined) result.metric = value.m;
  if (value.e === 1) result.error = true;
  if (value.c !== undefined) result.children = value.c.map(checkResult);
  return result;
}
