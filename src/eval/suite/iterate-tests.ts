import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { Suite, SuiteTest } from '../../spec/suite.ts';
import { ReadScope } from '../../util/read-scope.ts';
import { FileVarReader } from './file-var-reader.ts';
import { testDigest } from './finalize-test.ts';
import { sourceTestBatches } from './source-tests.ts';
import { suiteError } from './suite-error.ts';

/**
 * Every test of a suite, in order, with defaultTest merged in, in batches of consecutive tests. CSV
 * and JSONL files are streamed: only the current batch is held (a chunk of the file, or at most
 * a few hundred tests), so a million-row file costs no more memory than a small one.
 * A streamed file that changed since the suite was loaded (so its tests no longer match the
 * suite's dataHash) makes the iteration throw at its end.
 */
export async function* iterateTestBatches(suite: Suite): AsyncGenerator<SuiteTest[]> {
  const reader = new FileVarReader(dirname(suite.file), new ReadScope(suite.readRoots));
  const numbering = new DuplicateNumbering(new Set(suite.duplicateIds));
  for (const source of suite.sources) {
    const hash = createHash('sha256');
    let count = 0;
    for await (const batch of sourceTestBatches(source, suite.defaultTest, reader)) {
      const numbered = batch.map((test) => numbering.number(test));
      if (source.kind === 'stream') {
        for (const test of numbered) hash.update(testDigest(test));
        count += numbered.length;
      }
      yield numbered;
    }
    if (source.kind === 'stream' && (count !== source.count || hash.digest('hex') !== source.hash)) {
      throw suiteError(
        `${source.file} changed since the suite was loaded`,
        { file: source.file },
        'load the suite again',
      );
    }
  }
}

/** Every test of a suite one at a time (see iterateTestBatches). */
export async function* iterateTests(suite: Suite): AsyncGenerator<SuiteTest> {
  for await (const batch of iterateTestBatches(suite)) yield* batch;
}

/** All the tests of a suite in an array: for small suites, tests and tools. Throws past `limit` tests. */
export async function collectTests(suite: Suite, limit = 100_000): Promise<SuiteTest[]> {
  if (suite.testCount > limit) {
    throw suiteError(
      `the suite has ${suite.testCount} tests, more than ${limit}`,
      { file: suite.file },
      'use iterateTests',
    );
  }
  const tests: SuiteTest[] = [];
  for await (const test of iterateTests(suite)) tests.push(test);
  return tests;
}

/**
 * Identical tests share a base id; the second and later copies become `id-2`, `id-3`, ... so every
 * cell of a run has its own key. Only ids known to repeat are counted, so memory stays small.
 */
export class DuplicateNumbering {
  readonly #duplicates: Set<string>;
  readonly #counts = new Map<string, number>();

  constructor(duplicates: Set<string>) {
    this.#duplicates = duplicates;
  }

  number(test: SuiteTest): SuiteTest {
    if (!this.#duplicates.has(test.id)) return test;
    const count = (this.#counts.get(test.id) ?? 0) + 1;
    this.#counts.set(test.id, count);
    return count === 1 ? test : { ...test, id: `${test.id}-${count}` };
  }
}
