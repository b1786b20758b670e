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
  | { kind: 'expected' | 'description' | 'metric' | 'threshold' }
  | { kind: 'metadata'; name: string };

const SPECIAL_COLUMNS = ['__expected', '__description', '__metric', '__threshold', '__metadata:'];

/**
 * The tests of a CSV file, read as a stream: a header row, then one test a row. Columns are
 * variables, except `__expected` (`__expected1`, ...: assertion shorthands), `__description`,
 * `__metric`, `__threshold` and `__metadata:name`.
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
      return { kind: 'metadata', name: name.slice('__metadata:'.length) };
    }
    const kind = name.slice(2);
    if (kind === 'description' || kind === 'metric' || kind === 'threshold') return { kind };
    const close = closestKey(name, SPECIAL_COLUMNS);
    throw suiteError(
      `unknown CSV column '${name}'${close ? ` (did you mean '${close}'?)` : ''}`,
      { file, line },
      `columns starting with __ are ${SPECIAL_COLUMNS.join(', ')}; rename the column to use it as a variable`,
    );
  });
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
  columns.forEach((column, index) => {
    const value = values[index] ?? '';
    if (column.kind === 'var') definition.vars[column.name] = value;
    else if (value.trim() === '') return;
    else if (column.kind === 'metadata') definition.metadata[column.name] = value;
    else if (column.kind === 'expected') expected.push(assertionFromExpected(value));
    else if (column.kind === 'description') definition.description = value;
    else if (column.kind === 'metric') metric = value;
    else definition.threshold = parseThreshold(value, file, line);
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
