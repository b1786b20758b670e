import { createHash } from 'node:crypto';
import type { DefaultTest, SuiteTest, TestSource } from '../../spec/suite.ts';
import { formatLocation, locatedError, PlumeError } from '../../util/errors.ts';
import { checkAssertions } from '../assertions/check-assertions.ts';
import { metricVariables } from '../assertions/metric-name.ts';
import { compileUserCode } from '../assertions/user-code.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { testDigest } from './finalize-test.ts';
import { sourceTestBatches } from './source-tests.ts';
import { TestIdSet } from './test-id-set.ts';

const MAX_WARNINGS = 5;

/** What one pass over every test learns: counts and hashes, and repeated tests. */
export interface TestScan {
  sources: TestSource[];
  testCount: number;
  duplicateIds: string[];
  dataHash: string;
  warnings: string[];
  /** Whether a test stores its output for later tests (`storeOutputAs`): its run goes one cell at a time. */
  storesOutputs: boolean;
}

/**
 * Read every test once, streaming, as the runner will: each row is validated and its own
 * assertions compiled now rather than mid-run (defaultTest's are compiled once, by loadSuite),
 * and the data hash is computed incrementally. Holds one id per test, in 18 to 36 bytes (to
 * number repeated tests), never the tests themselves.
 */
export async function scanTests(
  sources: TestSource[],
  defaults: DefaultTest,
  reader: FileVarReader,
): Promise<TestScan> {
  const dataHash = createHash('sha256');
  const seen = new TestIdSet();
  const copies = new Map<string, number>();
  const scan: TestScan = {
    sources: [],
    testCount: 0,
    duplicateIds: [],
    dataHash: '',
    warnings: [],
    storesOutputs: false,
  };
  const checkedCode = new Set<string>();
  for (const source of sources) {
    const sourceHash = createHash('sha256');
    let count = 0;
    for await (const batch of sourceTestBatches(source, defaults, reader)) {
      for (const written of batch) {
        checkMetricVariables(written);
        checkOptionCode(written, checkedCode);
        if (written.options.storeOutputAs !== undefined) scan.storesOutputs = true;
        const checking = checkOwnAssertions(written, defaults);
        if (checking !== undefined) await checking;
        const digest = testDigest(numberCopy(written, seen, copies, scan.warnings));
        dataHash.update(digest);
        sourceHash.update(digest);
      }
      count += batch.length;
    }
    scan.testCount += count;
    scan.sources.push(
      source.kind === 'stream' ? { ...source, count, hash: sourceHash.digest('hex') } : source,
    );
  }
  scan.duplicateIds = [...copies.keys()];
  scan.dataHash = dataHash.digest('hex');
  return scan;
}

// A test's assertions after defaultTest's, which finalizeTest puts first; located at the test.
function checkOwnAssertions(test: SuiteTest, defaults: DefaultTest): Promise<void> | undefined {
  if (test.assert.length === defaults.assert.length) return undefined;
  const where = test.line === undefined ? { file: test.file } : { file: test.file, line: test.line };
  return checkAssertions(test.assert.slice(defaults.assert.length), { locate: () => where });
}

/**
 * A templated metric name (`group-{{group}}`) must name variables the test sets: rendered without
 * one, every test would report under the same truncated name (`group-`), which reads as a result.
 */
function checkMetricVariables(test: SuiteTest): void {
  for (const name of metricVariables(test.assert)) {
    if (!Object.hasOwn(test.vars, name)) {
      throw new PlumeError({
        code: 'CONFIG_INVALID',
        message: `a check's metric name uses {{${name}}}, which this test does not set`,
        hint: `set "${name}" in the test's vars (or in defaultTest.vars), or name the metric without it`,
        location: test.line === undefined ? { file: test.file } : { file: test.file, line: test.line },
      });
    }
  }
}

/**
 * A test's transform and transformVars must compile (compiling runs nothing), refused at the test
 * like a check that cannot work; each distinct text is compiled once.
 */
function checkOptionCode(test: SuiteTest, checked: Set<string>): void {
  for (const key of ['transform', 'transformVars'] as const) {
    const code = test.options[key];
    if (code === undefined || checked.has(`${key}\n${code}`)) continue;
    const location = test.line === undefined ? { file: test.file } : { file: test.file, line: test.line };
    if (code.startsWith('file://')) {
      throw new PlumeError({
        code: 'CONFIG_INVALID',
        message: `options.${key}: plume does not read ${key} code from files (${code})`,
        hint: 'write the JavaScript inline: an expression over output (vars for transformVars) and context, or a body with return',
        location,
      });
    }
    try {
      compileUserCode(code, `options.${key}`, key === 'transformVars' ? 'vars' : 'output');
    } catch (error) {
      throw locatedError(error, location);
    }
    checked.add(`${key}\n${code}`);
  }
}

// Numbers copies exactly as iterateTests' DuplicateNumbering will, learning the repeated ids as it goes.
function numberCopy(
  test: SuiteTest,
  seen: TestIdSet,
  copies: Map<string, number>,
  warnings: string[],
): SuiteTest {
  if (seen.add(test.id)) return test;
  const copy = (copies.get(test.id) ?? 1) + 1;
  copies.set(test.id, copy);
  const id = `${test.id}-${copy}`;
  if (warnings.length < MAX_WARNINGS) {
    const where = formatLocation({ file: test.file, line: test.line });
    warnings.push(
      `${where}: this test is identical to an earlier one; it runs again as ${id} (use repeats instead)`,
    );
  }
  return { ...test, id };
}
