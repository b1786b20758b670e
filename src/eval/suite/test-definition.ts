import type { DefaultTest, SuiteFile, TestCase, TestDefinition, TestOptions } from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { withCodeFiles } from './code-files.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { normalizeModel } from './normalize-models.ts';

/**
 * A validated test case as a TestDefinition; `file://` vars are left for the caller to read.
 * `origin` 'data': it was read from a tests file, so its own code runs only with allowCode: true.
 */
export function testDefinition(
  testCase: TestCase,
  file: string,
  line: number | undefined,
  origin?: 'data',
): TestDefinition {
  const definition: TestDefinition = {
    description: testCase.description,
    vars: testCase.vars ?? {},
    assert: testCase.assert ?? [],
    options: testOptions(testCase.options),
    threshold: testCase.threshold,
    metadata: testCase.metadata ?? {},
    file,
    line,
  };
  if (origin !== undefined) definition.origin = origin;
  return definition;
}

/**
 * A definition with its `file://` vars read, and its `file://path.js` code read in (withCodeFiles);
 * `at(key)` locates each var for errors (the code, at the test).
 */
export function withFileVars(
  definition: TestDefinition,
  reader: FileVarReader,
  at: (key: string) => SourceLocation,
): TestDefinition {
  const vars = reader.resolve(definition.vars, at);
  const read = vars === definition.vars ? definition : { ...definition, vars };
  return withCodeFiles(read, (path) => reader.code(path, () => at('')));
}

/** The suite's defaultTest, normalized; an absent one adds nothing. */
export function defaultTestOf(
  written: Exclude<SuiteFile['defaultTest'], string>,
  file: string,
  line: number | undefined,
): DefaultTest {
  const { description: _, ...rest } = testDefinition(written ?? {}, file, line);
  return rest;
}

function testOptions(options: TestCase['options']): TestOptions {
  if (options === undefined) return {};
  const normalized: TestOptions = {};
  // promptfoo's { text, embedding, ... } map: its text grader grades the model-graded checks.
  const grader =
    options.provider !== undefined && typeof options.provider === 'object' && !('id' in options.provider)
      ? options.provider.text
      : options.provider;
  if (grader !== undefined) normalized.provider = normalizeModel(grader);
  // promptfoo also takes a list of messages, which its graders read as JSON.
  if (options.rubricPrompt !== undefined)
    normalized.rubricPrompt =
      typeof options.rubricPrompt === 'string' ? options.rubricPrompt : JSON.stringify(options.rubricPrompt);
  const transform = options.transform ?? options.postprocess;
  if (transform !== undefined) normalized.transform = transform;
  if (options.transformVars !== undefined) normalized.transformVars = options.transformVars;
  if (options.storeOutputAs !== undefined) normalized.storeOutputAs = options.storeOutputAs;
  if (options.prefix !== undefined) normalized.prefix = options.prefix;
  if (options.suffix !== undefined) normalized.suffix = options.suffix;
  if (options.disableVarExpansion !== undefined) normalized.disableVarExpansion = options.disableVarExpansion;
  return normalized;
}
