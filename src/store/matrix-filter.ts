import { STORED_CHECK_NAME, STORED_CHECK_PASS } from './run-cell-row.ts';

/** A column of one run paired with a column of another, for "changed since" (both prompt × model). */
export interface ColumnPair {
  promptIndex: number;
  modelIndex: number;
  otherPromptIndex: number;
  otherModelIndex: number;
}

/** Which rows of a run's matrix to read; every filter given must hold (on one and the same cell). */
export interface MatrixQuery {
  offset: number;
  limit: number;
  /** Only rows with a failed or errored cell. */
  failuresOnly?: boolean;
  /** Only rows whose test id or one of whose outputs contains this text. */
  search?: string;
  /** Only tests whose outcome (pass, fail or error) differs across repeats in some column. */
  flaky?: boolean;
  /** Only tests whose outcome differs from the same test, repeat and paired column of another run. */
  changedSince?: { runId: string; columns: readonly ColumnPair[] };
  /** Only rows with a cell where the check of this metric name (or, without one, this type) fails. */
  failing?: string;
}

/** A cell's outcome as one number: 1 pass, 0 fail, 2 error, 3 undecided (no verdict, no error). */
const OUTCOME = 'coalesce(pass, CASE WHEN error_code IS NULL THEN 3 ELSE 2 END)';

/** The WHERE clause over run_cells (and its parameters) that keeps the cells of the matching rows. */
export function matrixFilter(runId: string, query: MatrixQuery): { where: string; parameters: unknown[] } {
  const clauses = ['run_id = ?'];
  const parameters: unknown[] = [runId];
  if (query.failuresOnly) clauses.push('(pass = 0 OR error_code IS NOT NULL)');
  if (query.search !== undefined && query.search.length > 0) {
    clauses.push("(instr(lower(test_id), lower(?)) > 0 OR instr(lower(coalesce(output, '')), lower(?)) > 0)");
    parameters.push(query.search, query.search);
  }
  if (query.flaky) {
    clauses.push(
      `test_index IN (SELECT test_index FROM run_cells WHERE run_id = ?
         GROUP BY prompt_index, model_index, test_index HAVING count(DISTINCT ${OUTCOME}) > 1)`,
    );
    parameters.push(runId);
  }
  if (query.changedSince !== undefined) {
    const changed = changedTests(runId, query.changedSince);
    clauses.push(changed.clause);
    parameters.push(...changed.parameters);
  }
  if (query.failing !== undefined && query.failing.length > 0) {
    // json_tree reaches the checks inside an assert-set too.
    clauses.push(
      `EXISTS (SELECT 1 FROM json_tree(assertions) AS t WHERE t.type = 'object'
         AND ${STORED_CHECK_PASS} = 0 AND ${STORED_CHECK_NAME} = ?)`,
    );
    parameters.push(query.failing);
  }
  return { where: clauses.join(' AND '), parameters };
}

/**
 * Test ids whose outcome differs between the two runs in a paired column, at the same repeat.
 * One grouping over both runs' cells (no join on test id, which no index covers).
 */
function changedTests(
  runId: string,
  other: { runId: string; columns: readonly ColumnPair[] },
): { clause: string; parameters: unknown[] } {
  if (other.columns.length === 0) return { clause: '0', parameters: [] };
  const pairOf = (
    promptKey: 'promptIndex' | 'otherPromptIndex',
    modelKey: 'modelIndex' | 'otherModelIndex',
  ) => ({
    sql: `CASE ${other.columns.map(() => 'WHEN prompt_index = ? AND model_index = ? THEN ?').join(' ')} END`,
    parameters: other.columns.flatMap((pair, index) => [pair[promptKey], pair[modelKey], index]),
  });
  const mine = pairOf('promptIndex', 'modelIndex');
  const theirs = pairOf('otherPromptIndex', 'otherModelIndex');
  return {
    clause: `test_id IN (SELECT test_id FROM (
        SELECT test_id, repeat, ${mine.sql} AS pair, 0 AS side, ${OUTCOME} AS outcome FROM run_cells WHERE run_id = ?
        UNION ALL
        SELECT test_id, repeat, ${theirs.sql} AS pair, 1 AS side, ${OUTCOME} AS outcome FROM run_cells WHERE run_id = ?
      ) WHERE pair IS NOT NULL GROUP BY test_id, repeat, pair
      HAVING count(DISTINCT side) = 2 AND min(outcome) <> max(outcome))`,
    parameters: [...mine.parameters, runId, ...theirs.parameters, other.runId],
  };
}
