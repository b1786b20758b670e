import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestIdSet } from '../../../src/eval/suite/test-id-set.ts';

const id = (n: number): string => createHash('sha256').update(String(n)).digest('hex').slice(0, 16);

describe('TestIdSet', () => {
  it('tells a new id from one seen before, as a Set does, across its growth', () => {
    const ids = new TestIdSet();
    const reference = new Set<string>();
    // Every id three times over, in an order that mixes first sightings and repeats.
    for (let round = 0; round < 3; round++) {
      for (let n = round * 5_000; n < 20_000 + round * 5_000; n++) {
        const value = id(n);
        expect(ids.add(value), value).toBe(!reference.has(value));
        reference.add(value);
      }
    }
  });

  it('tells ids that share a half apart', () => {
    const ids = new TestIdSet();
    expect(ids.add('0000000000000001')).toBe(true);
    expect(ids.add('0000000100000001')).toBe(true);
    expect(ids.add('0000000000000000')).toBe(true);
    expect(ids.add('ffffffff00000001')).toBe(true);
    expect(ids.add('0000000000000001')).toBe(false);
    expect(ids.add('0000000000000000')).toBe(false);
    expect(ids.add('ffffffff00000001')).toBe(false);
  });

  it('keeps ids of another shape as they are', () => {
    const ids = new TestIdSet();
    expect(ids.add('my-test')).toBe(true);
    expect(ids.add('my-test')).toBe(false);
    expect(ids.add('ABCDEF0123456789')).toBe(true);
    expect(ids.add('abcdef0123456789')).toBe(true);
    expect(ids.add('ABCDEF0123456789')).toBe(false);
  });
});
