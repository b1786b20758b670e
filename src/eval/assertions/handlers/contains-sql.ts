import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { checkSql, parseSqlConfig, type SqlConfig } from '../sql/check-sql.ts';

const FENCE = /```(?:sql)?([^`]+)```/i;

/** The SQL in the output's first code fence (else the whole output) passes is-sql. */
export const containsSql: CellHandler<SqlConfig> = {
  kind: 'cell',
  parse: parseSqlConfig,
  check(config: SqlConfig, context: AssertionContext) {
    const fenced = FENCE.exec(context.output)?.[1];
    return checkSql((fenced ?? context.output).trim(), config);
  },
};
