import { z } from 'zod';
import { type TestDefinition, testCaseSchema } from '../../spec/suite.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { parseYamlSource, validateYaml } from '../../util/yaml-source.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { testDefinition, withFileVars } from './test-definition.ts';

const testListSchema = z.array(testCaseSchema);

/** The tests of a JSON or YAML file (a list of test cases), loaded whole with their file vars read. */
export function structuredTests(file: string, reader: FileVarReader, scope: ReadScope): TestDefinition[] {
  // YAML is a superset of JSON, so one parser gives line numbers for both.
  const source = parseYamlSource(scope.readText(file), file, 0, 'SUITE_INVALID');
  const tests = validateYaml(source, testListSchema, 'SUITE_INVALID');
  return tests.map((testCase, index) =>
    withFileVars(testDefinition(testCase, file, source.lineOf([index]), 'data'), reader, (key) =>
      source.locate([index, 'vars', key]),
    ),
  );
}
