import { describe, expect, it } from 'vitest';
import { expandVars } from '../../../src/eval/suite/expand-vars.ts';
import { finalizeTests } from '../../../src/eval/suite/finalize-test.ts';
import { testDefinition } from '../../../src/eval/suite/test-definition.ts';
import type { DefaultTest } from '../../../src/spec/suite.ts';

const NO_DEFAULTS: DefaultTest = {
  vars: {},
  assert: [],
  options: {},
  threshold: undefined,
  metadata: {},
  file: 'suite.yaml',
  line: undefined,
};

describe('expandVars', () => {
  it('crosses lists of strings, the first varying slowest, and keeps other values whole', () => {
    expect(expandVars({ a: ['1', '2'], n: [1, 2], b: ['x', 'y'], empty: [], o: { k: 'v' } })).toEqual([
      { a: '1', n: [1, 2], b: 'x', empty: [], o: { k: 'v' } },
      { a: '1', n: [1, 2], b: 'y', empty: [], o: { k: 'v' } },
      { a: '2', n: [1, 2], b: 'x', empty: [], o: { k: 'v' } },
      { a: '2', n: [1, 2], b: 'y', empty: [], o: { k: 'v' } },
    ]);
  });

  it('hands back the vars themselves when nothing expands', () => {
    const vars = { a: 'x', list: [1] };
    expect(expandVars(vars)[0]).toBe(vars);
  });
});

describe('finalizeTests', () => {
  it("expands defaultTest's list vars with the test's, each combination its own stable id", () => {
    const defaults = { ...NO_DEFAULTS, vars: { tone: ['warm', 'dry'] } };
    const definition = testDefinition({ vars: { city: ['Paris', 'Rome'] } }, 'suite.yaml', 3);
    const tests = finalizeTests(definition, defaults);
    expect(tests.map((test) => test.vars)).toEqual([
      { tone: 'warm', city: 'Paris' },
      { tone: 'warm', city: 'Rome' },
      { tone: 'dry', city: 'Paris' },
      { tone: 'dry', city: 'Rome' },
    ]);
    expect(new Set(tests.map((test) => test.id)).size).toBe(4);
    expect(finalizeTests(definition, defaults).map((test) => test.id)).toEqual(tests.map((test) => test.id));
    expect(tests.every((test) => test.line === 3)).toBe(true);
  });

  it('keeps the lists whole with options.disableVarExpansion', () => {
    const definition = testDefinition(
      { vars: { city: ['Paris', 'Rome'] }, options: { disableVarExpansion: true } },
      'suite.yaml',
      1,
    );
    expect(finalizeTests(definition, NO_DEFAULTS).map((test) => test.vars)).toEqual([
      { city: ['Paris', 'Rome'] },
    ]);
  });

  it("marks the checks and options code of a tests file's test as data's, after defaultTest's", () => {
    const defaults = { ...NO_DEFAULTS, assert: [{ type: 'contains' as const, value: 'a' }] };
    const definition = testDefinition(
      { assert: [{ type: 'javascript', value: 'true' }], options: { transform: 'output' } },
      'cases.yaml',
      1,
      'data',
    );
    const [test] = finalizeTests(definition, defaults);
    expect(test).toMatchObject({ dataChecksFrom: 1, dataOptionCode: true, origin: 'data' });
    const [inline] = finalizeTests(
      testDefinition({ options: { transform: 'output' } }, 'suite.yaml', 1),
      defaults,
    );
    expect(inline?.dataChecksFrom).toBeUndefined();
    expect(inline?.dataOptionCode).toBeUndefined();
  });
});
