import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { SuiteFile, TestDefinition, TestSource } from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { globFiles, isGlob } from '../../util/glob.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import type { YamlSource } from '../../util/yaml-source.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { structuredTests } from './structured-tests.ts';
import { suiteError } from './suite-error.ts';
import { testDefinition, withFileVars } from './test-definition.ts';

const FILE_PREFIX = 'file://';
const STREAMED = { '.csv': 'csv', '.jsonl': 'jsonl' } as const;
const LOADED = new Set(['.json', '.yaml', '.yml']);

/**
 * The `tests:` of a suite as sources, in order. Inline tests and JSON/YAML files are loaded;
 * CSV and JSONL files are only located here (count and hash are filled in by the load pass).
 * With no `tests:` at all, the suite has one test: the defaultTest alone, as in promptfoo.
 */
export function testSources(
  tests: SuiteFile['tests'],
  source: YamlSource,
  baseDir: string,
  reader: FileVarReader,
  scope: ReadScope,
): TestSource[] {
  if (tests === undefined) return [{ kind: 'loaded', tests: [emptyTest(source.file)] }];
  const entries = typeof tests === 'string' ? [tests] : tests;
  const sources: TestSource[] = [];
  let inline: TestDefinition[] | undefined;
  entries.forEach((entry, index) => {
    const path = typeof tests === 'string' ? ['tests'] : ['tests', index];
    if (typeof entry !== 'string') {
      if (!inline) {
        inline = [];
        sources.push({ kind: 'loaded', tests: inline });
      }
      const definition = testDefinition(entry, source.file, source.lineOf(path));
      inline.push(withFileVars(definition, reader, (key) => source.locate([...path, 'vars', key])));
      return;
    }
    inline = undefined;
    const at = () => source.locate(path);
    for (const file of testFiles(entry.slice(FILE_PREFIX.length), baseDir, scope, at)) {
      const extension = extname(file).toLowerCase() as keyof typeof STREAMED;
      if (STREAMED[extension])
        sources.push({ kind: 'stream', format: STREAMED[extension], file, count: 0, hash: '' });
      else sources.push({ kind: 'loaded', tests: structuredTests(file, reader, scope) });
    }
  });
  return sources;
}

// `at` locates the entry, for errors only: positioning a node builds the whole YAML document.
function testFiles(pattern: string, baseDir: string, scope: ReadScope, at: () => SourceLocation): string[] {
  const hint = `paths are relative to the suite's folder (${baseDir})`;
  const dynamic = isGlob(pattern);
  const files = dynamic ? globFiles(pattern, baseDir) : [resolve(baseDir, pattern)];
  if (dynamic && files.length === 0) throw suiteError(`no test file matches '${pattern}'`, at(), hint);
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    if (!(extension in STREAMED) && !LOADED.has(extension)) {
      throw suiteError(
        `unsupported test file type '${extension}': ${file}`,
        at(),
        'use .csv, .jsonl, .json, .yaml or .yml',
      );
    }
    if (!existsSync(scope.resolve(file, at))) throw suiteError(`test file not found: ${pattern}`, at(), hint);
  }
  return files;
}

function emptyTest(file: string): TestDefinition {
  return testDefinition({}, file, undefined);
}
