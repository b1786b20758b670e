import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { type SuiteFile, suiteModelSchema } from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { globFiles, isGlob } from '../../util/glob.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { parseYamlSource, validateYaml, type YamlSource } from '../../util/yaml-source.ts';
import { suiteError } from './suite-error.ts';

type ModelList = NonNullable<SuiteFile['models']>;
/** One model entry as written. */
export type ModelEntry = Exclude<ModelList, unknown[]>;

/** A model entry and where it was written: `at(path)` locates a path inside it. */
export interface WrittenModel {
  entry: ModelEntry;
  at: (path: readonly PropertyKey[]) => SourceLocation;
}

// promptfoo's providers kept in their own files: `providers: file://providers.yaml`, or an entry
// `- file://configs/*.yaml` whose files each hold one provider or a list of them.
const PROVIDER_FILE = /^file:\/\/.+\.(ya?ml|json)$/i;
const FILE_PREFIX = 'file://';
const fileSchema = z.union([suiteModelSchema, z.array(suiteModelSchema)]);

/**
 * The suite's model entries, in order, those kept in provider files read in their place (through
 * the suite's read scope, and located in their own files). `key` is the suite's key of the list.
 */
export function writtenModels(
  list: ModelList | undefined,
  source: YamlSource,
  key: string,
  baseDir: string,
  scope: ReadScope,
): WrittenModel[] {
  if (list === undefined) return [];
  const entries = Array.isArray(list) ? list : [list];
  return entries.flatMap((entry, index) => {
    const path = Array.isArray(list) ? [key, index] : [key];
    const at = (inner: readonly PropertyKey[]) => source.locate([...path, ...inner]);
    if (typeof entry === 'string' && PROVIDER_FILE.test(entry.trim())) {
      return providerFiles(entry.trim().slice(FILE_PREFIX.length), baseDir, scope, () => at([]));
    }
    return [{ entry, at }];
  });
}

function providerFiles(
  pattern: string,
  baseDir: string,
  scope: ReadScope,
  at: () => SourceLocation,
): WrittenModel[] {
  const glob = isGlob(pattern);
  const files = glob
    ? globFiles(pattern, baseDir)
    : [resolve(baseDir, pattern)].filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
  if (files.length === 0) {
    throw suiteError(
      glob ? `no provider file matches '${pattern}'` : `provider file not found: ${pattern}`,
      at(),
      `paths are relative to the suite's folder (${baseDir})`,
    );
  }
  return files.flatMap((file) => {
    const text = scope.readText(file, at);
    const source = parseYamlSource(text, file, 0, 'SUITE_INVALID');
    const written = validateYaml(source, fileSchema, 'SUITE_INVALID');
    const list = Array.isArray(written) ? written : [written];
    return list.map((entry, index) => ({
      entry,
      at: (inner: readonly PropertyKey[]) =>
        source.locate(Array.isArray(written) ? [index, ...inner] : [...inner]),
    }));
  });
}
