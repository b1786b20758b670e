import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { evaluateAssertions } from '../../../src/eval/assertions/evaluate-assertions.ts';
import { cellContext, check } from './cell-context.ts';

describe('equals', () => {
  it('passes on the exact text and fails on any difference', async () => {
    expect((await check({ type: 'equals', value: 'Paris' }, 'Paris')).pass).toBe(true);
    const miss = await check({ type: 'equals', value: 'Paris' }, 'paris');
    expect(miss).toMatchObject({ pass: false, score: 0 });
    expect(miss.reason).toContain('"Paris"');
  });

  it('compares object values as JSON, whatever the key order', async () => {
    expect((await check({ type: 'equals', value: { a: 1, b: [2] } }, '{"b":[2],"a":1}')).pass).toBe(true);
    expect((await check({ type: 'equals', value: { a: 1 } }, '{"a":2}')).pass).toBe(false);
  });

  it('falls back to the expected answer, and is undecided without one', async () => {
    expect((await check({ type: 'equals' }, 'Paris', { test: { expected: 'Paris' } })).pass).toBe(true);
    expect(await check({ type: 'equals' }, 'Paris')).toMatchObject({ pass: false, error: true });
  });

  it('is negated by not-', async () => {
    expect(await check({ type: 'not-equals', value: 'Paris' }, 'Lyon')).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(await check({ type: 'not-equals', value: 'Paris' }, 'Paris')).toMatchObject({
      pass: false,
      score: 0,
    });
  });
});

describe('contains family', () => {
  it('contains is case-sensitive, icontains is not', async () => {
    expect((await check({ type: 'contains', value: 'Paris' }, 'It is Paris.')).pass).toBe(true);
    expect((await check({ type: 'contains', value: 'paris' }, 'It is Paris.')).pass).toBe(false);
    expect((await check({ type: 'icontains', value: 'PARIS' }, 'It is Paris.')).pass).toBe(true);
  });

  it('not-contains passes when the value is absent and explains when present', async () => {
    expect((await check({ type: 'not-contains', value: 'sorry' }, 'Here you go.')).pass).toBe(true);
    const failed = await check({ type: 'not-contains', value: 'sorry' }, 'I am sorry.');
    expect(failed.pass).toBe(false);
    expect(failed.reason).toBe('Output contains "sorry"');
  });

  it('contains-any needs one value; a comma list is split', async () => {
    expect((await check({ type: 'contains-any', value: ['cat', 'dog'] }, 'a dog')).pass).toBe(true);
    expect((await check({ type: 'contains-any', value: 'cat, dog' }, 'a dog')).pass).toBe(true);
    expect((await check({ type: 'contains-any', value: ['cat', 'dog'] }, 'a bird')).pass).toBe(false);
    expect((await check({ type: 'icontains-any', value: ['CAT'] }, 'a cat')).pass).toBe(true);
  });

  it('contains-all scores the share of values found', async () => {
    const partial = await check({ type: 'contains-all', value: ['a1', 'b2', 'c3', 'd4'] }, 'a1 and c3');
    expect(partial).toMatchObject({ pass: false, score: 0.5 });
    expect(partial.reason).toBe('Output lacks "b2", "d4"');
    expect((await check({ type: 'icontains-all', value: ['A1', 'C3'] }, 'a1 and c3')).pass).toBe(true);
    expect(await check({ type: 'not-contains-all', value: ['a1', 'b2'] }, 'a1')).toMatchObject({
      pass: true,
      score: 0.5,
    });
  });

  it('rejects a missing value at compile time', () => {
    expect(() => compileAssertions([{ type: 'contains' }])).toThrow(/assert\[0\]: "contains" needs a value/);
  });
});

describe('starts-with', () => {
  it('checks the very beginning', async () => {
    expect((await check({ type: 'starts-with', value: 'Yes' }, 'Yes, indeed')).pass).toBe(true);
    expect((await check({ type: 'starts-with', value: 'Yes' }, ' Yes')).pass).toBe(false);
    expect((await check({ type: 'not-starts-with', value: 'Yes' }, 'No')).pass).toBe(true);
  });
});

describe('regex', () => {
  it('matches anywhere, with optional flags', async () => {
    expect((await check({ type: 'regex', value: '\\d{4}-\\d{2}' }, 'on 2024-05')).pass).toBe(true);
    expect((await check({ type: 'regex', value: '^hello$' }, 'HELLO')).pass).toBe(false);
    expect((await check({ type: 'regex', value: '^hello$', config: { flags: 'i' } }, 'HELLO')).pass).toBe(
      true,
    );
    expect((await check({ type: 'not-regex', value: 'error' }, 'all fine')).pass).toBe(true);
  });

  it('gives the same answer on every cell (no lastIndex state)', async () => {
    const compiled = compileAssertions([{ type: 'regex', value: 'a' }]);
    for (let i = 0; i < 3; i++)
      expect((await evaluateAssertions(compiled, cellContext('a'))).pass).toBe(true);
  });

  it('rejects an invalid pattern or flag at compile time', () => {
    expect(() => compileAssertions([{ type: 'regex', value: '(' }])).toThrow(/invalid regular expression/);
    expect(() => compileAssertions([{ type: 'regex', value: 'a', config: { flags: 'g' } }])).toThrow(
      /config.flags/,
    );
  });
});
