import { dirname, resolve } from 'node:path';
import { loadProject, projectReadScope } from '../../library/project.ts';
import {
  closestKey,
  type Suite,
  type SuiteExtension,
  type SuiteFile,
  suiteFileSchema,
} from '../../spec/suite.ts';
import type { ScanStore } from '../../store/scan-store.ts';
import { formatLocation, type PlumeError } from '../../util/errors.ts';
import { RefCycleError, resolveLocalRefs } from '../../util/local-refs.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { validateYaml, type YamlSource } from '../../util/yaml-source.ts';
import { checkAssertions } from '../assertions/check-assertions.ts';
import { checkSuite } from './check-suite.ts';
import { hooksFor, readExtensions, runBeforeAll } from './extension-hooks.ts';
import { FileVarReader } from './file-var-reader.ts';
import { normalizeSuite } from './normalize-suite.ts';
import { readSuiteSource } from './read-suite-source.ts';
import { cachedScanTests } from './scan-cache.ts';
import { suiteError } from './suite-error.ts';
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
  const foreign = withoutForeignKeys(withLocalRefs(source));
  let written = validateYaml(foreign.source, suiteFileSchema, 'SUITE_INVALID');
  const scope = options.scope ?? projectReadScope(loadProject(dirname(path)));
  const reader = new FileVarReader(dirname(path), scope);
  const extensions = await withExtensions(written, source, reader, options.noCode === true);
  written = extensions.written;
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
  const warnings = [
    ...foreign.warnings,
    ...extensions.warnings,
    ...normalizing,
    ...check.warnings,
    ...scan.warnings,
  ];
  if (scan.testCount === 0) warnings.push(`${path}: the suite has no tests; add some under tests:`);
  const suite: Omit<Suite, 'suiteHash'> = {
    ...draft,
    ...(extensions.beforeEach.length === 0 ? {} : { beforeEach: extensions.beforeEach }),
    sources: scan.sources,
    testCount: scan.testCount,
    duplicateIds: scan.duplicateIds,
    dataHash: scan.dataHash,
    storesOutputs: scan.storesOutputs,
    warnings,
  };
  return { ...suite, suiteHash: suiteHash(suite) };
}

/**
 * The suite after its extensions' beforeAll hooks (promptfoo's `extensions`, the suite's own code),
 * the hooks to run before each test, and a warning when some hook would also serve afterEach or
 * afterAll, which plume does not run. A run that allows no code refuses a suite with any.
 */
async function withExtensions(
  written: SuiteFile,
  source: YamlSource,
  reader: FileVarReader,
  noCode: boolean,
): Promise<{ written: SuiteFile; beforeEach: SuiteExtension[]; warnings: string[] }> {
  const entries = written.extensions ?? [];
  if (entries.length === 0) return { written, beforeEach: [], warnings: [] };
  const at = () => source.locate(['extensions']);
  if (noCode || written.allowCode === false) {
    throw suiteError(
      'extensions are code (promptfoo hooks), and this run allows none',
      at(),
      noCode ? 'run plume eval without --no-code' : 'remove allowCode: false, or the extensions',
    );
  }
  const hooks = readExtensions(entries, reader, (index) => source.locate(['extensions', index]));
  const changed = suiteFileSchema.safeParse(await runBeforeAll(hooks, written, at));
  if (!changed.success) {
    const issue = changed.error.issues[0]!;
    throw suiteError(
      `extensions: the suite a beforeAll hook returned is invalid: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      at(),
      'return the context with suite.tests a list of tests and suite.defaultTest an object, as promptfoo takes them',
    );
  }
  const unrun = hooksFor(hooks, 'afterEach').length + hooksFor(hooks, 'afterAll').length > 0;
  const warnings = unrun
    ? [
        `${formatLocation(source.locate(['extensions'], { key: true }))}: extensions: plume runs the beforeAll and beforeEach hooks of extensions; their afterEach and afterAll hooks (reports on the results) do not run`,
      ]
    : [];
  return { written: changed.data, beforeEach: hooksFor(hooks, 'beforeEach'), warnings };
}

/** The suite with its `$ref: '#/…'` references to its own parts filled in (promptfoo's assertionTemplates). */
function withLocalRefs(source: YamlSource): YamlSource {
  try {
    const value = resolveLocalRefs(source.value);
    return value === source.value ? source : { ...source, value };
  } catch (error) {
    if (!(error instanceof RefCycleError)) throw error;
    throw suiteError(
      error.message,
      { file: source.file },
      'make each $ref point at a part that holds no reference to itself',
    );
  }
}

function throwFirst(errors: readonly PlumeError[]): void {
  const [first] = errors;
  if (first) throw first;
}

const SUITE_KEYS = Object.keys(suiteFileSchema.shape);

/**
 * The suite without its top-level keys that plume does not know and that misspell none it knows
 * (a promptfoo config may hold another tool's keys, and promptfoo loads it with a warning): each
 * is left out with a warning at its line. A key close to a known one (`repeat`) stays, and is
 * refused with the key it probably meant.
 */
function withoutForeignKeys(source: YamlSource): { source: YamlSource; warnings: string[] } {
  const { value } = source;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { source, warnings: [] };
  const foreign = Object.keys(value).filter(
    (key) => !SUITE_KEYS.includes(key) && closestKey(key, SUITE_KEYS) === undefined,
  );
  if (foreign.length === 0) return { source, warnings: [] };
  const kept = Object.fromEntries(Object.entries(value).filter(([key]) => !foreign.includes(key)));
  const warnings = foreign.map(
    (key) =>
      `${formatLocation(source.locate([key], { key: true }))}: unknown key '${key}' is ignored (see schema/suite.schema.json for the keys a suite takes)`,
  );
  return { source: { ...source, value: kept }, warnings };
}
