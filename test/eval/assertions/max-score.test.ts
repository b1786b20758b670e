import { describe, expect, it } from 'vitest';
import { compareOutputs } from '../../../src/eval/assertions/compare-outputs.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { evaluateAssertions } from '../../../src/eval/assertions/evaluate-assertions.ts';
import type { AssertionEntry } from '../../../src/spec/assertion.ts';
import { cellContext } from './cell-context.ts';

/** Each output's own results, then max-score over them, as the comparison gate does. */
async function rank(entries: AssertionEntry[], outputs: string[]) {
  const compiled = compileAssertions(entries);
  const own = await Promise.all(
    outputs.map(async (output) => (await evaluateAssertions(compiled, cellContext(output))).results),
  );
  const perOutput = await compareOutputs(compiled, outputs, cellContext(''), own);
  return perOutput.map((results) => results[0]!);
}

describe('max-score', () => {
  const checks: AssertionEntry[] = [
    { type: 'contains', value: 'apple' },
    { type: 'contains', value: 'pear' },
  ];

  it('passes the output whose other checks score best on average, with no model', async () => {
    const compiled = compileAssertions([...checks, { type: 'max-score' }]);
    expect(compiled.comparisons).toHaveLength(1);
    expect(compiled.needsModels.size).toBe(0);
    const results = await rank([...checks, { type: 'max-score' }], ['apple', 'apple and pear', 'nothing']);
    expect(results.map((result) => result.pass)).toEqual([false, true, false]);
    expect(results[1]!.reason).toBe('The highest score of 3 outputs (1.000)');
    expect(results[0]!.reason).toBe('Not the highest score (0.500; best 1.000)');
  });

  it('weighs checks by type, and the first output wins a tie', async () => {
    const weighted: AssertionEntry[] = [
      { type: 'contains', value: 'apple' },
      { type: 'icontains', value: 'PEAR' },
      { type: 'max-score', value: { weights: { icontains: 3 } } },
    ];
    expect((await rank(weighted, ['apple', 'pear'])).map((result) => result.pass)).toEqual([false, true]);
    const tie = await rank([...checks, { type: 'max-score' }], ['apple', 'pear']);
    expect(tie.map((result) => result.pass)).toEqual([true, false]);
  });

  it('selects none under its threshold, and sums with method sum', async () => {
    const strict = await rank(
      [...checks, { type: 'max-score', value: { threshold: 0.8 } }],
      ['apple', 'nothing'],
    );
    expect(strict.map((result) => result.pass)).toEqual([false, false]);
    expect(strict[0]!.reason).toContain('under the threshold 0.8');
    const summed = await rank(
      [...checks, { type: 'max-score', value: { method: 'sum' } }],
      ['apple pear', 'pear'],
    );
    expect(summed[0]!.reason).toContain('(2.000)');
  });

  it('is undecided without other checks or when one of them is', async () => {
    expect((await rank([{ type: 'max-score' }], ['a', 'b']))[0]!.error).toBe(true);
    const withCode: AssertionEntry[] = [{ type: 'javascript', value: 'true' }, { type: 'max-score' }];
    expect((await rank(withCode, ['a', 'b']))[0]!.error).toBe(true);
    expect(() => compileAssertions([{ type: 'max-score', value: { method: 'median' } }])).toThrow(/method/);
  });
});
