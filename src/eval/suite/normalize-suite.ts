import { resolve } from 'node:path';
import type { DefaultTest, SuiteFile } from '../../spec/suite.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import type { YamlSource } from '../../util/yaml-source.ts';
import type { SuiteDraft } from './check-suite.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { normalizeModels } from './normalize-models.ts';
import { normalizePrompts } from './normalize-prompts.ts';
import { evaluateOptionsOf, scenarioSource, writtenDefaultTest } from './promptfoo-suite-keys.ts';
import { writtenModels } from './provider-files.ts';
import { defaultTestOf, withFileVars } from './test-definition.ts';
import { testSources } from './test-sources.ts';

/**
 * A validated suite file in its normalized form: references parsed, defaults filled, tests located.
 * What it reads and ignores (promptfoo's provider keys plume does not honour) goes to `warnings`.
 */
export function normalizeSuite(
  written: SuiteFile,
  source: YamlSource,
  baseDir: string,
  reader: FileVarReader,
  scope: ReadScope,
  warnings: string[] = [],
): SuiteDraft {
  const defaultTest = defaultTestOf(
    writtenDefaultTest(written, source, baseDir, scope),
    source.file,
    source.lineOf(['defaultTest']),
  );
  const promptPaths: (readonly PropertyKey[])[] = [];
  const prompts = normalizePrompts(written.prompts, source, baseDir, scope, promptPaths);
  const modelsKey =
    written.models !== undefined ? 'models' : written.providers !== undefined ? 'providers' : 'targets';
  const modelEntries = writtenModels(
    written.models ?? written.providers ?? written.targets,
    source,
    modelsKey,
    baseDir,
    scope,
  );
  const evaluateOptions = evaluateOptionsOf(written, source);
  const scenarios = scenarioSource(written, source, reader);
  const sources =
    written.tests === undefined && scenarios !== undefined
      ? []
      : testSources(written.tests, source, baseDir, reader, scope);
  const outputPaths =
    written.outputPath === undefined
      ? []
      : (Array.isArray(written.outputPath) ? written.outputPath : [written.outputPath]).map((path) =>
          resolve(baseDir, path),
        );
  return {
    file: source.file,
    description: written.description,
    prompts,
    models: normalizeModels(modelEntries, prompts, (message) => warnings.push(message)),
    // Located only when an error needs it: locating parses the suite again, with positions.
    locator: {
      prompt: (index) => {
        const path = promptPaths[index];
        return path === undefined ? undefined : source.locate(path, { text: true });
      },
      model: (index) => modelEntries[index]?.at([]),
    },
    defaultTest: readDefaultTest(defaultTest, reader, source),
    sources: scenarios === undefined ? sources : [...sources, scenarios],
    repeats: written.repeats ?? evaluateOptions.repeats ?? 1,
    seed: written.seed,
    codePolicy: written.allowCode === undefined ? 'suite' : written.allowCode ? 'all' : 'none',
    concurrency: written.concurrency ?? evaluateOptions.concurrency,
    delayMs: evaluateOptions.delayMs,
    cache: evaluateOptions.cache,
    outputPaths,
    derivedMetrics: written.derivedMetrics ?? [],
    metadata: written.metadata ?? {},
    readRoots: [...scope.roots],
  };
}

// defaultTest with its file:// vars and code files read, located in the suite.
function readDefaultTest(defaultTest: DefaultTest, reader: FileVarReader, source: YamlSource): DefaultTest {
  const { description: _, ...read } = withFileVars(
    { description: undefined, ...defaultTest },
    reader,
    (key) =>
      source.locate(
        key === 'assert'
          ? ['defaultTest', 'assert']
          : key === ''
            ? ['defaultTest']
            : ['defaultTest', 'vars', key],
      ),
  );
  return read;
}
