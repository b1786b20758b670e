import type { Parser as SqlParser } from 'node-sql-parser';
import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { lazyModule } from '../../../util/lazy-module.ts';
import { configError, parseValue } from '../assertion-config.ts';
import { type AssertionOutcome, verdict } from '../assertion-handler.ts';

/** is-sql's and contains-sql's value: the dialect, and the tables and columns a statement may touch. */
export interface SqlConfig {
  databaseType: string;
  /** `{type}::{database}::{table}` authorities (`select::null::users`), as node-sql-parser names them. */
  allowedTables: string[] | undefined;
  /** `{type}::{table}::{column}` authorities (`select::users::id`). */
  allowedColumns: string[] | undefined;
}

const valueSchema = z
  .object({
    databaseType: z.string().min(1).optional(),
    allowedTables: z.array(z.string()).optional(),
    allowedColumns: z.array(z.string()).optional(),
  })
  .strict()
  .optional();

// The parser holds grammars of every dialect (a few MB): loaded by the first SQL check.
const sqlParser = lazyModule<{ Parser: new () => SqlParser }>('node-sql-parser');
let parser: SqlParser | undefined;
const MAX_CHARACTERS = 100_000;

/** Read the value once; an unknown dialect is a config error. */
export function parseSqlConfig(assertion: Assertion): SqlConfig {
  const value = parseValue(assertion, valueSchema, '{ databaseType, allowedTables, allowedColumns }') ?? {};
  const databaseType = value.databaseType ?? 'MySQL';
  try {
    theParser().astify('SELECT 1', { database: databaseType });
  } catch (error) {
    throw configError(
      `"${assertion.type}": databaseType ${JSON.stringify(databaseType)} is not one node-sql-parser knows`,
      `${error instanceof Error ? error.message : error}; e.g. MySQL, PostgresQL, Sqlite, TransactSQL, BigQuery`,
    );
  }
  return { databaseType, allowedTables: value.allowedTables, allowedColumns: value.allowedColumns };
}

/** Whether a text parses as SQL of the dialect and touches only the allowed tables and columns. */
export function checkSql(sql: string, config: SqlConfig): AssertionOutcome {
  if (sql.length > MAX_CHARACTERS)
    return verdict(false, `SQL longer than ${MAX_CHARACTERS} characters is not checked`);
  const problems: string[] = [];
  const database = config.databaseType;
  try {
    theParser().astify(sql, { database });
  } catch {
    problems.push(`SQL statement does not conform to the provided ${database} database syntax.`);
  }
  for (const [type, list] of [
    ['table', config.allowedTables],
    ['column', config.allowedColumns],
  ] as const) {
    if (list === undefined || problems.length > 0) continue;
    try {
      theParser().whiteListCheck(sql, list, { database, type });
    } catch (error) {
      problems.push(`SQL validation failed: ${error instanceof Error ? error.message : error}.`);
    }
  }
  return problems.length === 0
    ? verdict(true, `Output is valid ${database} SQL`)
    : verdict(false, problems.join(' '));
}

function theParser(): SqlParser {
  parser ??= new (sqlParser().Parser)();
  return parser;
}
