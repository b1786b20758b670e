import { dirname, resolve } from 'node:path';
import { loadProject, projectReadScope } from '../../library/project.ts';
import { type Suite, suiteFileSchema } from '../../spec/suite.ts';
import type { ScanStore } from '../../store/scan-store.ts';
import type { PlumeError } from '../../util/errors.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { validateYaml, type YamlSource } from '../../util/yaml-source.ts';
import { checkAssertions } from '../assertions/check-assertions.ts';
import { checkSuite } from './check-suite.ts';
import { FileVarReader } from './file-var-reader.ts';
import { normalizeSuite } from './normalize-suite.ts';
import { readSuiteSource } from './read-suite-source.ts';
import { cachedScanTests } from './scan-cache.ts';
import { suiteHash } from './suite-hash.ts';

/** Suite file names looked for in a folder when none is given, in order. */
export const DEFAULT_SUITE_FILES = [
  'plume.suite.yaml',
  'plume.suite.yml',
  'plume.suite.json',
  'plume.suite.ts',
];

export interface LoadSuiteOptions {
  /** Where earlier scans of the tests are kept; without it every test is read at each load. */
  scans?: ScanStore;
  /**
   * Where the files the suite names (prompts, tests, file:// vars) may be: the project plume
   * works in. By default, the project that holds the suite file. The suite file itself is read
   * wherever it is: it is what the user chose to run.
   */
  scope?: ReadScope;
  /** Run none of the suite's code, whatever it says (`plume eval --no-code`, for a suite from others). */
  noCode?: boolean;
}

/**
 * Load a suite file (YAML, JSON, or a TypeScript config default-exporting the suite): validated
 * with its schema, normalized, checked by the semantic rules, and every test read once (streamed)
 * to validate it, compile its assertions and hash the data. Throws a PlumeError at the file:line
 * of the first problem, so that a suite that would fail mid-run fails before its first call.
 */
export async function loadSuite(file: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  return loadSuiteSource(await readSuiteSource(resolve(file)), options);
}

/**
 * Load a suite already read (its `file` an absolute path, its value and positions): as loadSuite,
 * for a suite that lives in memory, such as one `plume import` is checking before writing it.
 */
export async function loadSuiteSource(source: YamlSource, options: LoadSuiteOptions = {}): Promise<Suite> {
  const path = source.file;
  const written = validateYaml(source, suiteFileSchema, 'SUITE_INVALID');
  const scope = options.scope ?? projectReadScope(loadProject(dirname(path)));
  const reader = new FileVarReader(dirname(path), scope);
  const normalizing: string[] = [];
  const draftSuite = normalizeSuite(written, source, dirname(path), reader, scope, normalizing);
  const check = checkSuite(draftSuite, written, source);
  throwFirst(check.errors);
  const draft = options.noCode ? { ...check.value, codePolicy: 'none' as const } : check.value;
  // defaultTest's checks are compiled once, located in the suite; each test's own by the scan.
  await checkAssertions(draft.defaultTest.assert, {
    path: ['defaultTest', 'assert'],
    locate: (at) => source.locate(at),
  });
  const scan = await cachedScanTests(draft.sources, draft.defaultTest, reader, options.scans);
  const warnings = [...normalizing, ...check.warnings, ...scan.warnings];
  if (scan.testCount === 0) warnings.push(`${path}: the suite has no tests; add some under tests:`);
  const suite: Omit<Suite, 'suiteHash'> = {
    ...draft,
    sources: scan.sources,
    testCount: scan.testCount,
    duplicateIds: scan.duplicateIds,
    dataHash: scan.dataHash,
    storesOutputs: scan.storesOutputs,
    warnings,
  };
  return { ...suite, suiteHash: suiteHash(suite) };
}

function throwFirst(errors: readonly PlumeError[]): void {
  const [first] = errors;
  if (first) throw first;
}
