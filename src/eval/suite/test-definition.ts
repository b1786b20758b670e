import type {
  DefaultTest,
  SuiteAssertion,
  SuiteFile,
  TestCase,
  TestDefinition,
  TestOptions,
} from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { normalizeModel } from './normalize-models.ts';
import { withValueFiles } from './value-files.ts';

/** A validated test case as a TestDefinition; `file://` vars are left for the caller to read. */
export function testDefinition(testCase: TestCase, file: string, line: number | undefined): TestDefinition {
  return {
    description: testCase.description,
    vars: testCase.vars ?? {},
    assert: testCase.assert ?? [],
    options: testOptions(testCase.options, file, line),
    threshold: testCase.threshold,
    metadata: testCase.metadata ?? {},
    file,
    line,
  };
}

/**
 * A definition with its `file://` vars read, and the code files its checks name; `at(key)`
 * locates each var for errors (`at('assert')` the checks).
 */
export function withFileVars(
  definition: TestDefinition,
  reader: FileVarReader,
  at: (key: string) => SourceLocation,
): TestDefinition {
  const vars = reader.resolve(definition.vars, at);
  const assert = withValueFiles(definition.assert, reader, () => at('assert')) as SuiteAssertion[];
  return vars === definition.vars && assert === definition.assert
    ? definition
    : { ...definition, vars, assert };
}

/** The suite's defaultTest, normalized; an absent one adds nothing. */
export function defaultTestOf(
  written: SuiteFile['defaultTest'],
  file: string,
  line: number | undefined,
): DefaultTest {
  const { description: _, ...rest } = testDefinition(written ?? {}, file, line);
  return rest;
}

function testOptions(options: TestCase['options'], file: string, line: number | undefined): TestOptions {
  if (options === undefined) return {};
  const normalized: TestOptions = {};
  const at = () => (line === undefined ? { file } : { file, line });
  if (options.provider !== undefined) normalized.provider = normalizeModel(options.provider, { at });
  if (options.rubricPrompt !== undefined) normalized.rubricPrompt = options.rubricPrompt;
  return normalized;
}
