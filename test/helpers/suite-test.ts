import type { SuiteTest } from '../../src/spec/suite.ts';

/** A test `t0` of suite.yaml with no vars and no checks, but for `fields`. */
export function blankTest(fields: Partial<SuiteTest>): SuiteTest {
  return {
    id: 't0',
    description: undefined,
    vars: {},
    assert: [],
    options: {},
    threshold: undefined,
    metadata: {},
    file: 'suite.yaml',
    line: undefined,
    ...fields,
  };
}
