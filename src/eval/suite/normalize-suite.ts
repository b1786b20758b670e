import type { SuiteAssertion, SuiteFile } from '../../spec/suite.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import type { YamlSource } from '../../util/yaml-source.ts';
import type { SuiteDraft } from './check-suite.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { normalizeModels } from './normalize-models.ts';
import { normalizePrompts } from './normalize-prompts.ts';
import { writtenModels } from './provider-files.ts';
import { defaultTestOf } from './test-definition.ts';
import { testSources } from './test-sources.ts';
import { withValueFiles } from './value-files.ts';

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
  const defaultTest = defaultTestOf(written.defaultTest, source.file, source.lineOf(['defaultTest']));
  const promptPaths: (readonly PropertyKey[])[] = [];
  const prompts = normalizePrompts(written.prompts, source, baseDir, scope, promptPaths);
  const modelsKey = written.models === undefined ? 'providers' : 'models';
  const modelEntries = writtenModels(written.models ?? written.providers, source, modelsKey, baseDir, scope);
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
    defaultTest: {
      ...defaultTest,
      vars: reader.resolve(defaultTest.vars, (key) => source.locate(['defaultTest', 'vars', key])),
      assert: withValueFiles(defaultTest.assert, reader, () =>
        source.locate(['defaultTest', 'assert']),
      ) as SuiteAssertion[],
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
