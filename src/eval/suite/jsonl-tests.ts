import { close, open, read } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type TestCase, type TestDefinition, testCaseSchema } from '../../spec/suite.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import { safeJsonParse } from '../../util/safe-json.ts';
import { validateYaml } from '../../util/yaml-source.ts';
import { suiteError } from './suite-error.ts';
import { testDefinition } from './test-definition.ts';

const TEST_CASE_KEYS = new Set(Object.keys(testCaseSchema.shape));

/** How much of a JSONL file is read at a time: its tests are parsed and handed on together. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The tests of a JSONL file, one JSON test case a line, read as a stream in batches: the tests
 * whose lines ended in one chunk of the file. Lines end as readline ends them (\n, \r\n or \r,
 * counted once each); blank lines are skipped. A batch per chunk rather than a test per step:
 * each layer of async iteration over 10,000 tests cost about as much as parsing them.
 */
export async function* jsonlTestBatches(file: string): AsyncGenerator<TestDefinition[]> {
  let line = 0;
  let rest = '';
  for await (const chunk of textChunks(file)) {
    const text = rest + chunk;
    // A final \r may be the first half of a \r\n split across chunks: it waits for the next one.
    const held = text.endsWith('\r') ? 1 : 0;
    const lines = text.slice(0, text.length - held).split(LINE_END);
    rest = lines.pop()! + (held ? '\r' : '');
    const batch: TestDefinition[] = [];
    try {
      for (const written of lines) {
        line += 1;
        const definition = lineDefinition(written, file, line);
        if (definition !== undefined) batch.push(definition);
      }
    } catch (error) {
      // The tests before a bad line still come out, as they would one at a time.
      if (batch.length > 0) yield batch;
      throw error;
    }
    if (batch.length > 0) yield batch;
  }
  if (rest === '') return;
  const definition = lineDefinition(rest, file, line + 1);
  if (definition !== undefined) yield [definition];
}

const LINE_END = /\r\n|\n|\r/;

/**
 * A file's text, CHUNK_BYTES at a time, read asynchronously. Read with fs.read rather than a read
 * stream: the first read stream of a process loads fs/promises, readline and stream internals,
 * 4 ms of every run. A character split between chunks is decoded whole (StringDecoder).
 */
async function* textChunks(file: string): AsyncGenerator<string> {
  const fd = await new Promise<number>((resolve, reject) =>
    open(file, 'r', (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const bytes = await new Promise<number>((resolve, reject) =>
        read(fd, buffer, 0, CHUNK_BYTES, null, (error, count) => (error ? reject(error) : resolve(count))),
      );
      if (bytes === 0) break;
      yield decoder.write(buffer.subarray(0, bytes));
    }
    const last = decoder.end();
    if (last !== '') yield last;
  } finally {
    close(fd, () => {});
  }
}

// Line `line` of a JSONL file as a test definition; undefined for a blank line.
function lineDefinition(written: string, file: string, line: number): TestDefinition | undefined {
  const trimmed = (line === 1 ? written.replace(/^\uFEFF/, '') : written).trim();
  if (trimmed === '') return undefined;
  const where = { file, line };
  const parsed = safeJsonParse(trimmed);
  if (!parsed.ok) {
    throw suiteError(
      `line ${line} is not valid JSON (${parsed.error})`,
      where,
      'each line of a JSONL file is one JSON object, such as {"vars": {"city": "Paris"}}',
    );
  }
  rejectBareVars(parsed.value, where);
  const testCase =
    plainTestCase(parsed.value) ??
    validateYaml({ file, value: parsed.value, locate: () => where }, testCaseSchema, 'SUITE_INVALID');
  return testDefinition(testCase, file, line, 'data');
}

/**
 * A line of vars and at most a description, taken as it is: any JSON object is valid vars, so the
 * schema has nothing to check there, and skipping it saves a third of reading such a line.
 * Anything else goes through the schema.
 */
function plainTestCase(value: unknown): TestCase | undefined {
  if (!isPlainObject(value)) return undefined;
  let keys = 0;
  for (const key in value) {
    keys += 1;
    if (key !== 'vars' && key !== 'description') return undefined;
  }
  const { vars, description } = value as { vars?: unknown; description?: unknown };
  if (keys === 0 || (vars !== undefined && !isPlainObject(vars))) return undefined;
  if (description !== undefined && typeof description !== 'string') return undefined;
  const testCase: TestCase = {};
  if (vars !== undefined) testCase.vars = vars as Record<string, unknown>;
  if (description !== undefined) testCase.description = description;
  return testCase;
}

// A line of bare variables is the likeliest mistake; say so rather than list unknown keys.
function rejectBareVars(value: unknown, where: { file: string; line: number }): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  // Looked over without a list of keys: this runs for every line, and nearly every line is fine.
  let empty = true;
  for (const key in value) {
    if (TEST_CASE_KEYS.has(key)) return;
    empty = false;
  }
  if (empty) return;
  const keys = Object.keys(value);
  throw suiteError(
    `line ${where.line} is not a test case: ${keys.map((key) => `'${key}'`).join(', ')} are not test case keys`,
    where,
    'put variables under "vars": {"vars": {...}, "assert": [...]}',
  );
}
