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
  return {
    file: source.file,
    description: written.description,
    prompts: normalizePrompts(written.prompts, source, baseDir, scope),
    models: normalizeModels(written.models ?? written.providers),
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
