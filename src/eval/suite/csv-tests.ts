import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import {
  closestKey,
  type SuiteAssertion,
  suiteAssertionSchema,
  type TestDefinition,
} from '../../spec/suite.ts';
import { isPlumeError } from '../../util/errors.ts';
import { validateYaml } from '../../util/yaml-source.ts';
import { assertionFromExpected, type ExpectedAssertion } from './assertion-from-expected.ts';
import { suiteError } from './suite-error.ts';

/** What a CSV column holds: a variable, or one of promptfoo's `__` columns. */
type Column =
  | { kind: 'var'; name: string }
  | { kind: 'expected' | 'description' | 'metric' | 'threshold' | 'prefix' | 'suffix' }
  | { kind: 'metadata'; name: string; list: boolean }
  | { kind: 'config'; index: number; key: 'threshold' };

const SPECIAL_COLUMNS = [
  '__expected',
  '__description',
  '__metric',
  '__threshold',
  '__prefix',
  '__suffix',
  '__metadata:',
  '__config:',
];
const PLAIN_COLUMNS = new Set(['description', 'metric', 'threshold', 'prefix', 'suffix']);

/**
 * The tests of a CSV file, read as a stream: a header row, then one test a row. Columns are
 * variables, except promptfoo's: `__expected` (`__expected1`, ...: assertion shorthands),
 * `__description`, `__metric`, `__threshold`, `__prefix` and `__suffix` (text around the prompt),
 * `__metadata:name` (`__metadata:name[]`: a comma-separated list, `\,` for a comma) and
 * `__config:__expected:threshold` (`__config:__expectedN:threshold`: the Nth check's threshold).
 */
export async function* csvTests(file: string): AsyncGenerator<TestDefinition> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, info: true, skip_empty_lines: true, relax_quotes: true }),
  );
  let columns: Column[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // A quoted value may span lines: report the line the row starts on.
      const line = info.lines - record.reduce((count, value) => count + newlines(value), 0);
      if (columns === undefined) columns = readHeader(record, file, line);
      else yield rowDefinition(columns, record, file, line);
    }
  } catch (error) {
    if (isPlumeError(error)) throw error;
    throw csvError(error, file, columns?.length);
  }
}

function readHeader(names: string[], file: string, line: number): Column[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const name = raw.trim();
    if (name === '')
      throw suiteError('a CSV column has no name', { file, line }, 'name every column in the header row');
    if (seen.has(name))
      throw suiteError(`CSV column '${name}' appears twice`, { file, line }, 'rename one of them');
    seen.add(name);
    if (!name.startsWith('__')) return { kind: 'var', name };
    if (/^__expected\d*$/.test(name)) return { kind: 'expected' };
    if (name.startsWith('__metadata:') && name.length > '__metadata:'.length) {
      const key = name.slice('__metadata:'.length);
      const list = key.endsWith('[]');
      return { kind: 'metadata', name: list ? key.slice(0, -2) : key, list };
    }
    if (name.startsWith('__config:')) return configColumn(name, file, line);
    const kind = name.slice(2);
    if (PLAIN_COLUMNS.has(kind))
      return { kind: kind as 'description' | 'metric' | 'threshold' | 'prefix' | 'suffix' };
    const close = closestKey(name, SPECIAL_COLUMNS);
    throw suiteError(
      `unknown CSV column '${name}'${close ? ` (did you mean '${close}'?)` : ''}`,
      { file, line },
      `columns starting with __ are ${SPECIAL_COLUMNS.join(', ')}; rename the column to use it as a variable`,
    );
  });
}

// `__config:__expected:threshold` or `__config:__expectedN:threshold`, as promptfoo reads it.
function configColumn(name: string, file: string, line: number): Column {
  const match = /^__config:__expected(\d*):(\w+)$/.exec(name);
  const hint = 'write __config:__expected:threshold, or __config:__expected2:threshold for the second check';
  if (!match)
    throw suiteError(`CSV column '${name}' is not a __config column plume knows`, { file, line }, hint);
  const [, number = '', key] = match;
  if (key !== 'threshold')
    throw suiteError(
      `CSV column '${name}': '${key}' cannot be set per check (only threshold)`,
      { file, line },
      hint,
    );
  const index = number === '' ? 0 : Number(number) - 1;
  if (index < 0) throw suiteError(`CSV column '${name}': checks are numbered from 1`, { file, line }, hint);
  return { kind: 'config', index, key };
}

function rowDefinition(columns: Column[], values: string[], file: string, line: number): TestDefinition {
  const definition: TestDefinition = {
    description: undefined,
    vars: {},
    assert: [],
    options: {},
    threshold: undefined,
    metadata: {},
    file,
    line,
    origin: 'data',
  };
  let metric: string | undefined;
  const expected: ExpectedAssertion[] = [];
  const thresholds: number[] = [];
  columns.forEach((column, index) => {
    const value = values[index] ?? '';
    if (column.kind === 'var') definition.vars[column.name] = value;
    else if (value.trim() === '') return;
    else if (column.kind === 'metadata')
      definition.metadata[column.name] = column.list ? listOf(value) : value;
    else if (column.kind === 'expected') expected.push(assertionFromExpected(value));
    else if (column.kind === 'description') definition.description = value;
    else if (column.kind === 'metric') metric = value;
    else if (column.kind === 'prefix') definition.options.prefix = value;
    else if (column.kind === 'suffix') definition.options.suffix = value;
    else if (column.kind === 'config') thresholds[column.index] = parseThreshold(value, file, line);
    else definition.threshold = parseThreshold(value, file, line);
  });
  // A row's __config thresholds go to its checks by place (the row's non-empty __expected cells).
  thresholds.forEach((threshold, index) => {
    const assertion = expected[index];
    if (assertion !== undefined) assertion.threshold = threshold;
  });
  // As in promptfoo, a row's metric names every assertion of that row.
  definition.assert = expected.map((assertion) =>
    checkedAssertion(
      metric === undefined || assertion.metric ? assertion : { ...assertion, metric },
      file,
      line,
    ),
  );
  return definition;
}

function checkedAssertion(assertion: ExpectedAssertion, file: string, line: number): SuiteAssertion {
  const source = { file, value: assertion, locate: () => ({ file, line }) };
  try {
    return validateYaml(source, suiteAssertionSchema, 'SUITE_INVALID');
  } catch (error) {
    if (!isPlumeError(error)) throw error;
    throw suiteError(`__expected: ${error.message}`, { file, line }, error.hint);
  }
}

// A `__metadata:name[]` cell: comma-separated values, `\,` for a comma inside one.
function listOf(value: string): string[] {
  return value.split(/(?<!\\),/).map((item) => item.trim().replaceAll('\\,', ','));
}

function parseThreshold(value: string, file: string, line: number): number {
  const threshold = Number(value);
  if (Number.isFinite(threshold)) return threshold;
  throw suiteError(`__threshold '${value}' is not a number`, { file, line }, 'write a number such as 0.8');
}

function newlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

function csvError(error: unknown, file: string, expected: number | undefined): Error {
  if (!(error instanceof CsvError)) return suiteError(`cannot read ${file}: ${String(error)}`, { file });
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const found = Array.isArray(error.record)
      ? `${error.record.length} values`
      : 'a different number of values';
    return suiteError(
      `this CSV row has ${found}; the header has ${expected ?? 'a different number of'} columns`,
      { file, line },
      'give every row one value per header column; quote values that contain commas: "Paris, France"',
    );
  }
  return suiteError(`CSV syntax error: ${error.message}`, { file, line }, 'check the quoting on this line');
}
