import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { evaluateAssertions } from '../../../src/eval/assertions/evaluate-assertions.ts';
import { assertionEntrySchema } from '../../../src/spec/assertion.ts';
import { isPlumeError } from '../../../src/util/errors.ts';
import { cellContext, evaluate } from './cell-context.ts';

describe('evaluateAssertions', () => {
  it('passes with no assertions', async () => {
    expect(await evaluate([], 'anything')).toMatchObject({ pass: true, score: 1, reason: 'No assertions' });
  });

  it('needs every check to pass, and scores the weighted mean', async () => {
    const result = await evaluate(
      [
        { type: 'contains', value: 'Paris', weight: 3 },
        { type: 'contains', value: 'France', weight: 1 },
      ],
      'Paris is lovely',
    );
    expect(result.pass).toBe(false);
    expect(result.score).toBeCloseTo(0.75, 12);
    expect(result.reason).toBe('contains: Output does not contain "France"');
  });

  it('passes on the test threshold instead of on every check', async () => {
    const entries = [
      { type: 'contains' as const, value: 'Paris', weight: 3 },
      { type: 'contains' as const, value: 'France' },
    ];
    expect((await evaluate(entries, 'Paris', {}, 0.7)).pass).toBe(true);
    const below = await evaluate(entries, 'Paris', {}, 0.8);
    expect(below.pass).toBe(false);
    expect(below.reason).toMatch(/^Score 0\.75 < threshold 0\.8/);
  });

  it('records weight-0 checks without counting them', async () => {
    const result = await evaluate(
      [
        { type: 'contains', value: 'Paris' },
        { type: 'contains', value: 'France', weight: 0, metric: 'mentions-country' },
      ],
      'Paris',
    );
    expect(result).toMatchObject({ pass: true, score: 1 });
    expect(result.results[1]).toMatchObject({ pass: false, weight: 0 });
    expect(result.metrics).toEqual({ 'mentions-country': 0 });
  });

  it('reports named metrics as weighted means, inside groups too', async () => {
    const result = await evaluate(
      [
        { type: 'contains', value: 'a', metric: 'accuracy', weight: 2 },
        { type: 'contains', value: 'z', metric: 'accuracy' },
        { type: 'assert-set', assert: [{ type: 'starts-with', value: 'a', metric: 'format' }] },
      ],
      'abc',
    );
    expect(result.metrics.accuracy).toBeCloseTo(2 / 3, 12);
    expect(result.metrics.format).toBe(1);
  });

  it('scores a group as one weighted result: all children pass, or its threshold', async () => {
    const group = {
      type: 'assert-set' as const,
      weight: 2,
      assert: [
        { type: 'contains' as const, value: 'a' },
        { type: 'contains' as const, value: 'b' },
        { type: 'contains' as const, value: 'z' },
      ],
    };
    const strict = await evaluate([group], 'ab');
    expect(strict.results[0]).toMatchObject({ type: 'assert-set', pass: false, weight: 2 });
    expect(strict.results[0]!.score).toBeCloseTo(2 / 3, 12);
    expect(strict.results[0]!.children).toHaveLength(3);
    const lenient = await evaluate(
      [
        { ...group, threshold: 0.6 },
        { type: 'contains', value: 'c' },
      ],
      'ab',
    );
    expect(lenient.results[0]!.pass).toBe(true);
    expect(lenient.score).toBeCloseTo(((2 / 3) * 2 + 0) / 3, 12);
  });

  it('fills {{vars}} into values per cell', async () => {
    const compiled = compileAssertions([{ type: 'icontains', value: '{{city}}' }]);
    const run = (output: string, city: string) =>
      evaluateAssertions(compiled, cellContext(output, { vars: { city } }));
    expect((await run('I saw Paris', 'paris')).pass).toBe(true);
    expect((await run('I saw Paris', 'Rome')).pass).toBe(false);
    expect((await run('Rome again', 'Rome')).pass).toBe(true);
  });

  it('records a value made invalid by its vars as undecided, on that cell only', async () => {
    const compiled = compileAssertions([{ type: 'regex', value: '^{{prefix}}' }]);
    const bad = await evaluateAssertions(compiled, cellContext('abc', { vars: { prefix: '(' } }));
    expect(bad.results[0]).toMatchObject({ pass: false, error: true });
    expect(bad.results[0]!.reason).toMatch(/filled in from the test's vars/);
    expect((await evaluateAssertions(compiled, cellContext('abc', { vars: { prefix: 'a' } }))).pass).toBe(
      true,
    );
  });

  it('reuses one compiled list across cells with independent results', async () => {
    const compiled = compileAssertions([
      { type: 'regex', value: '^\\d+$' },
      { type: 'not-icontains', value: 'error' },
    ]);
    const outcomes = await Promise.all(
      ['42', 'x', '7', 'ERROR'].map((output) => evaluateAssertions(compiled, cellContext(output))),
    );
    expect(outcomes.map((outcome) => outcome.pass)).toEqual([true, false, true, false]);
  });
});

describe('compileAssertions errors', () => {
  it('names the path and the file line of the wrong entry', () => {
    const locate = (path: readonly PropertyKey[]) => ({ file: 'suite.yaml', line: 10 + Number(path.at(-1)) });
    try {
      compileAssertions(
        [
          { type: 'contains', value: 'a' },
          { type: 'regex', value: '[' },
        ],
        {
          path: ['tests', 3, 'assert'],
          locate,
        },
      );
      expect.unreachable();
    } catch (error) {
      expect(isPlumeError(error)).toBe(true);
      if (!isPlumeError(error)) return;
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toMatch(/^tests\[3\]\.assert\[1\]: "regex": invalid regular expression/);
      expect(error.location).toEqual({ file: 'suite.yaml', line: 11 });
    }
  });
});

describe('assertion schema', () => {
  it('accepts promptfoo-style entries and groups', () => {
    const parsed = assertionEntrySchema.parse({
      type: 'not-icontains',
      value: 'x',
      weight: 2,
      metric: 'safety',
    });
    expect(parsed.type).toBe('not-icontains');
    expect(
      assertionEntrySchema.safeParse({ type: 'assert-set', assert: [{ type: 'is-json' }] }).success,
    ).toBe(true);
  });

  it('rejects unknown types, unknown fields and negative weights', () => {
    expect(assertionEntrySchema.safeParse({ type: 'contains-ish', value: 'x' }).success).toBe(false);
    expect(assertionEntrySchema.safeParse({ type: 'contains', valu: 'x' }).success).toBe(false);
    expect(assertionEntrySchema.safeParse({ type: 'contains', value: 'x', weight: -1 }).success).toBe(false);
  });
});
