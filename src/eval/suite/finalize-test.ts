import type { DefaultTest, SuiteAssertion, SuiteTest, TestDefinition } from '../../spec/suite.ts';
import { sha256, stableStringify } from '../../util/hash.ts';
import { expandVars } from './expand-vars.ts';

/**
 * A definition's tests: one per combination of its list variables (expandVars, over defaultTest's
 * vars and its own), or the one test when it has none or sets `options.disableVarExpansion`.
 */
export function finalizeTests(definition: TestDefinition, defaults: DefaultTest): SuiteTest[] {
  if (definition.options.disableVarExpansion ?? defaults.options.disableVarExpansion) {
    return [finalizeTest(definition, defaults)];
  }
  const merged = { ...defaults.vars, ...definition.vars };
  const combinations = expandVars(merged);
  if (combinations.length === 1 && combinations[0] === merged) return [finalizeTest(definition, defaults)];
  const bare = { ...defaults, vars: {} };
  return combinations.map((vars) => finalizeTest({ ...definition, vars }, bare));
}

/** A definition with the suite's defaultTest merged in (its vars under, its assertions first) and its id. */
export function finalizeTest(definition: TestDefinition, defaults: DefaultTest): SuiteTest {
  const vars = { ...defaults.vars, ...definition.vars };
  const assert = [...defaults.assert, ...definition.assert];
  const test: SuiteTest = {
    id: testId(vars, defaults.assert, definition.assert, definition.description),
    description: definition.description,
    vars,
    assert,
    options: { ...defaults.options, ...definition.options },
    threshold: definition.threshold ?? defaults.threshold,
    metadata: { ...defaults.metadata, ...definition.metadata },
    file: definition.file,
    line: definition.line,
  };
  // Code in a tests file's own checks is the data's, not the suite's (see CodePolicy).
  if (definition.origin === 'data') {
    test.origin = 'data';
    if (definition.assert.length > 0) test.dataChecksFrom = defaults.assert.length;
    const { transform, transformVars } = definition.options;
    if (transform !== undefined || transformVars !== undefined) test.dataOptionCode = true;
  }
  return test;
}

/** The stable JSON of defaultTest's checks, joined, written once per suite rather than once per test. */
const DEFAULT_CHECK_TEXTS = new WeakMap<readonly SuiteAssertion[], string>();

/**
 * A test's identity: a hash of what it asks, the stable JSON of `{ vars, assert, description }`
 * (assert: defaultTest's checks, then its own), not of where it is written, so reordering or
 * moving rows keeps results matched to their tests across runs. The JSON is written from its parts
 * so that the checks shared with defaultTest are written once per suite: a suite of many rows
 * under the same checks spent most of each test's id on writing them again.
 */
function testId(
  vars: Record<string, unknown>,
  defaultChecks: readonly SuiteAssertion[],
  ownChecks: readonly SuiteAssertion[],
  description: string | undefined,
): string {
  let shared = DEFAULT_CHECK_TEXTS.get(defaultChecks);
  if (shared === undefined) {
    shared = defaultChecks.map((check) => stableStringify(check)).join(',');
    DEFAULT_CHECK_TEXTS.set(defaultChecks, shared);
  }
  const own = ownChecks.map((check) => stableStringify(check)).join(',');
  const checks = own === '' ? shared : shared === '' ? own : `${shared},${own}`;
  const described = description === undefined ? '' : `,"description":${JSON.stringify(description)}`;
  return sha256(`{"assert":[${checks}]${described},"vars":${stableStringify(vars)}}`).slice(0, 16);
}

/**
 * The text a test contributes to the data hash: everything but where it was written. The id
 * already stands for vars, assertions and description, so they are not serialized twice.
 */
export function testDigest(test: SuiteTest): string {
  return `${test.id} ${stableStringify([test.options, test.threshold ?? null, test.metadata])}\n`;
}
