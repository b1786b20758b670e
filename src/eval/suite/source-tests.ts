import type { DefaultTest, SuiteTest, TestDefinition, TestSource } from '../../spec/suite.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { finalizeTests } from './finalize-test.ts';
import { jsonlTestBatches } from './jsonl-tests.ts';
import { withFileVars } from './test-definition.ts';

/** Most tests in a batch of a CSV file or of inline tests (a JSONL batch is a chunk of its file). */
const BATCH_SIZE = 256;

// The CSV reader (and csv-parse) is loaded by the first CSV file. csv-parse hands rows one at a
// time: they are gathered into batches here.
async function* csvTestBatches(file: string): AsyncGenerator<TestDefinition[]> {
  const reader = await import('./csv-tests.ts');
  let batch: TestDefinition[] = [];
  for await (const definition of reader.csvTests(file)) {
    batch.push(definition);
    if (batch.length < BATCH_SIZE) continue;
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}

const READERS = { csv: csvTestBatches, jsonl: jsonlTestBatches } satisfies Record<
  Extract<TestSource, { kind: 'stream' }>['format'],
  (file: string) => AsyncGenerator<TestDefinition[]>
>;

/**
 * The finished tests of one source, before duplicates are numbered, in batches of consecutive
 * tests (a definition with list vars gives one test per combination); streamed sources read
 * their files now. Only the current batch is held.
 */
export async function* sourceTestBatches(
  source: TestSource,
  defaults: DefaultTest,
  reader: FileVarReader,
): AsyncGenerator<SuiteTest[]> {
  if (source.kind === 'loaded') {
    for (let start = 0; start < source.tests.length; start += BATCH_SIZE) {
      yield source.tests
        .slice(start, start + BATCH_SIZE)
        .flatMap((definition) => finalizeTests(definition, defaults));
    }
    return;
  }
  for await (const definitions of READERS[source.format](source.file)) {
    const finished: SuiteTest[] = [];
    try {
      for (const definition of definitions) {
        const where = { file: definition.file, line: definition.line };
        finished.push(
          ...finalizeTests(
            withFileVars(definition, reader, () => where),
            defaults,
          ),
        );
      }
    } catch (error) {
      // The tests before one whose file vars cannot be read still come out, as they would one at a time.
      if (finished.length > 0) yield finished;
      throw error;
    }
    yield finished;
  }
}
