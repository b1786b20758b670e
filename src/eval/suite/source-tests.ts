import type { DefaultTest, SuiteTest, TestDefinition, TestSource } from '../../spec/suite.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { finalizeTest } from './finalize-test.ts';
import { jsonlTests } from './jsonl-tests.ts';
import { withFileVars } from './test-definition.ts';

// The CSV reader (and csv-parse) is loaded by the first CSV file.
async function* csvTests(file: string): AsyncGenerator<TestDefinition> {
  const reader = await import('./csv-tests.ts');
  yield* reader.csvTests(file);
}

const READERS = { csv: csvTests, jsonl: jsonlTests } satisfies Record<
  Extract<TestSource, { kind: 'stream' }>['format'],
  (file: string) => AsyncGenerator<TestDefinition>
>;

/** The finished tests of one source, before duplicates are numbered; streamed sources read their files now. */
export async function* sourceTests(
  source: TestSource,
  defaults: DefaultTest,
  reader: FileVarReader,
): AsyncGenerator<SuiteTest> {
  if (source.kind === 'loaded') {
    for (const definition of source.tests) yield finalizeTest(definition, defaults);
    return;
  }
  for await (const definition of READERS[source.format](source.file)) {
    const where = { file: definition.file, line: definition.line };
    yield finalizeTest(
      withFileVars(definition, reader, () => where),
      defaults,
    );
  }
}
