import type { DefaultTest, SuiteAssertion, SuiteTest, TestDefinition } from '../../spec/suite.ts';
import { hashValue, stableStringify } from '../../util/hash.ts';

/** A definition with the suite's defaultTest merged in (its vars under, its assertions first) and its id. */
export function finalizeTest(definition: TestDefinition, defaults: DefaultTest): SuiteTest {
  const vars = { ...defaults.vars, ...definition.vars };
  const assert = [...defaults.assert, ...definition.assert];
  return {
    id: testId(vars, assert, definition.description),
    description: definition.description,
    vars,
    assert,
    options: { ...defaults.options, ...definition.options },
    threshold: definition.threshold ?? defaults.threshold,
    metadata: { ...defaults.metadata, ...definition.metadata },
    file: definition.file,
    line: definition.line,
  };
}

/**
 * A test's identity: a hash of what it asks (vars, assertions, description), not of where it is
 * written, so reordering or moving rows keeps results matched to their tests across runs.
 */
export function testId(
  vars: Record<string, unknown>,
  assert: SuiteAssertion[],
  description: string | undefined,
): string {
  return hashValue({ vars, assert, description }).slice(0, 16);
}

/**
 * The text a test contributes to the data hash: everything but where it was written. The id
 * already stands for vars, assertions and description, so they are not serialized twice.
 */
export function testDigest(test: SuiteTest): string {
  return `${test.id} ${stableStringify([test.options, test.threshold ?? null, test.metadata])}\n`;
}
