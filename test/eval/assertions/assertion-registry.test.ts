// Handlers are loaded on first use: this file must not import cell-context.ts, which loads them all.
import { describe, expect, it } from 'vitest';
import { loadedAssertionHandler } from '../../../src/eval/assertions/assertion-registry.ts';
import { compileAssertions, prepareAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { ASSERTION_TYPES, type AssertionEntry } from '../../../src/spec/assertion.ts';

describe('assertion handlers', () => {
  it('are loaded for the types a list uses, negated and grouped ones included, and only once', async () => {
    const entries: AssertionEntry[] = [
      { type: 'contains', value: 'a' },
      { type: 'not-regex', value: '^b' },
      { type: 'assert-set', assert: [{ type: 'icontains', value: 'c' }] },
    ];
    expect(() => compileAssertions(entries)).toThrow('the handler of "contains" assertions is not loaded');
    await prepareAssertions(entries);
    expect(prepareAssertions(entries)).toBeUndefined();
    const loaded = ASSERTION_TYPES.filter((type) => loadedAssertionHandler(type) !== undefined);
    expect(loaded.sort()).toEqual(['contains', 'icontains', 'regex']);
    expect(compileAssertions(entries).checks).toHaveLength(3);
  });
});
