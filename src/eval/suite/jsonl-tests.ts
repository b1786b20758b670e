import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type TestCase, type TestDefinition, testCaseSchema } from '../../spec/suite.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import { safeJsonParse } from '../../util/safe-json.ts';
import { validateYaml } from '../../util/yaml-source.ts';
import { suiteError } from './suite-error.ts';
import { testDefinition } from './test-definition.ts';

const TEST_CASE_KEYS = new Set(Object.keys(testCaseSchema.shape));

/** The tests of a JSONL file, one JSON test case a line, read as a stream; blank lines are skipped. */
export async function* jsonlTests(file: string): AsyncGenerator<TestDefinition> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
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
    yield testDefinition(testCase, file, line);
  }
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
