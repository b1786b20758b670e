import type { SuiteFile } from '../../spec/suite.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import type { YamlSource } from '../../util/yaml-source.ts';
import type { SuiteDraft } from './check-suite.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { normalizeModels } from './normalize-models.ts';
import { normalizePrompts } from './normalize-prompts.ts';
import { defaultTestOf } from './test-definition.ts';
import { testSources } from './test-sources.ts';

/** A validated suite file in its normalized form: references parsed, defaults filled, tests located. */
export function normalizeSuite(
  written: SuiteFile,
  source: YamlSource,
  baseDir: string,
  reader: FileVarReader,
  scope: ReadScope,
): SuiteDraft {
  const defaultTest = defaultTestOf(written.defaultTest, source.file, source.lineOf(['defaultTest']));
  const promptPaths: (readonly PropertyKey[])[] = [];
  const prompts = normalizePrompts(written.prompts, source, baseDir, scope, promptPaths);
  const modelsKey = written.models === undefined ? 'providers' : 'models';
  const modelsEntry = written.models ?? written.providers;
  return {
    file: source.file,
    description: written.description,
    prompts,
    models: normalizeModels(modelsEntry),
    // Located only when an error needs it: locating parses the suite again, with positions.
    locator: {
      prompt: (index) => {
        const path = promptPaths[index];
        return path === undefined ? undefined : source.locate(path, { text: true });
      },
      model: (index) =>
        modelsEntry === undefined
          ? undefined
          : source.locate(Array.isArray(modelsEntry) ? [modelsKey, index] : [modelsKey]),
    },
    defaultTest: {
      ...defaultTest,
      vars: reader.resolve(defaultTest.vars, (key) => source.locate(['defaultTest', 'vars', key])),
    },
    sources: testSources(written.tests, source, baseDir, reader, scope),
    repeats: written.repeats ?? 1,
    seed: written.seed,
    allowCode: written.allowCode ?? false,
    concurrency: written.concurrency,
    metadata: written.metadata ?? {},
    readRoots: [...scope.roots],
  };
}
