import { describe, expect, it } from 'vitest';
import { hashValue, stableStringify } from '../../src/util/hash.ts';

// The definition stableStringify must keep: cache keys, test ids and cell keys of stored runs depend on it.
function reference(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

describe('stableStringify', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(stableStringify({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe('{"a":[2,{"c":"x"}],"b":1}');
  });

  it('writes exactly what the sorted-copy definition writes, odd values included', () => {
    const values: unknown[] = [
      null,
      1,
      -0,
      Number.NaN,
      'quote " and\nnewline',
      [1, undefined, () => 1, Symbol('s'), null],
      { '10': 1, '2': 2, a: 3 },
      { toJSON: () => 5, a: 1 },
      { nested: { toJSON: () => 'x' } },
      { when: new Date(0), map: new Map([[1, 2]]), boxed: new Number(3) },
      { f: () => 1, s: Symbol('q'), z: 0 },
      { é: 1, e: 2, E: 3, '': 4, '01': 5, '-1': 6, 'a b': 7 },
      new String('ab'),
      [[[]], {}],
      {
        v: 1,
        provider: 'stub',
        params: { temperature: 0.7, maxTokens: 256 },
        messages: [{ role: 'user', content: 'Say hello to Ada.' }],
      },
    ];
    for (const value of values) expect(stableStringify(value)).toBe(reference(value));
  });

  it('keeps the hashes already stored in caches and runs', () => {
    expect(hashValue({ b: [1, 'x'], a: { d: true, c: null } })).toBe(
      '49bd9631390b56109ef9a77080d397067fdd5bfde2d9f67de64a11d73af2e3d3',
    );
  });
});
