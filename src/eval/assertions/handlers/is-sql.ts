import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { checkSql, parseSqlConfig, type SqlConfig } from '../sql/check-sql.ts';

/** The whole output is SQL of `value.databaseType` (MySQL), touching only `allowedTables` and `allowedColumns`. */
export const isSql: CellHandler<SqlConfig> = {
  kind: 'cell',
  parse: parseSqlConfig,
  check: (config: SqlConfig, context: AssertionContext) => checkSql(context.output.trim(), config),
};
