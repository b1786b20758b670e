import { beforeAll, describe, expect, it } from 'vitest';
import type { JudgeFunction } from '../../../src/eval/assertions/assertion-context.ts';
import { loadAssertionHandlers } from '../../../src/eval/assertions/assertion-registry.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { ComparisonGate } from '../../../src/eval/run/comparison-gate.ts';
import type { CellPlan, PlannedTest } from '../../../src/eval/run/plan-cells.ts';
import type { CellRecord } from '../../../src/spec/run.ts';
import type { SuiteTest } from '../../../src/spec/suite.ts';

/** A judge that prefers the longer output. */
const judge: JudgeFunction = async (request) => {
  const text = request.messages.map((message) => message.content).join('\n');
  const a = /<output_a>\n([\s\S]*?)\n<\/output_a>/.exec(text)![1]!;
  const b = /<output_b>\n([\s\S]*?)\n<\/output_b>/.exec(text)![1]!;
  const winner = a.length === b.length ? 'tie' : a.length > b.length ? 'A' : 'B';
  return {
    text: JSON.stringify({ winner, reason: 'longer' }),
    usage: { inputTokens: 1, outputTokens: 1 },
    finishReason: 'stop',
    modelId: 'judge:fake',
    latencyMs: 0,
    costUsd: 0,
    cached: false,
  };
};

function planned(index: number, comparing: boolean): PlannedTest {
  const assert = comparing
    ? [
        { type: 'select-best' as const, value: 'the longer answer' },
        { type: 'contains' as const, value: 'b' },
      ]
    : [{ type: 'contains' as const, value: 'b' }];
  return {
    test: { id: `t${index}`, vars: {} } as unknown as SuiteTest,
    index,
    assertions: compileAssertions(assert),
  };
}

function cell(test: PlannedTest, promptIndex: number, output: string | undefined): [CellPlan, CellRecord] {
  const key = `${test.index}-${promptIndex}`;
  const record: CellRecord = {
    key,
    promptIndex,
    modelIndex: 0,
    testIndex: test.index,
    testId: test.test.id,
    repeat: 0,
    output,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0,
    latencyMs: 1,
    cached: false,
    error: output === undefined ? { code: 'PROVIDER_SERVER', message: 'down' } : undefined,
    pass: output === undefined ? undefined : output.includes('b'),
    score: output === undefined ? undefined : output.includes('b') ? 1 : 0,
    reason: undefined,
    assertions:
      output === undefined
        ? []
        : [
            {
              type: 'contains',
              pass: output.includes('b'),
              score: output.includes('b') ? 1 : 0,
              reason: '',
              weight: 1,
            },
          ],
  };
  return [{ key, promptIndex, modelIndex: 0, repeat: 0, test }, record];
}

function gate(released: CellRecord[], groupSize: number): ComparisonGate {
  return new ComparisonGate({
    groupSize,
    context: (test) => ({
      vars: test.test.vars,
      test: {},
      allowCode: false,
      judge,
      tokenCount: (text) => text.length,
    }),
    release: (record) => released.push(record),
  });
}

beforeAll(() => loadAssertionHandlers());

describe('select-best across the cells of a test', () => {
  it('holds a test’s cells until all are in, then ranks their outputs together', async () => {
    const released: CellRecord[] = [];
    const comparisons = gate(released, 3);
    const test = planned(0, true);
    const [first, second, third] = [cell(test, 0, 'b'), cell(test, 1, 'bbbb'), cell(test, 2, 'bb')];
    await comparisons.add(...first);
    await comparisons.add(...second);
    expect(released).toEqual([]);
    await comparisons.add(...third);
    expect(released.map((record) => record.output)).toEqual(['b', 'bbbb', 'bb']);
    const best = released.find((record) => record.output === 'bbbb')!;
    expect(best.pass).toBe(true);
    expect(best.assertions.map((result) => result.type)).toEqual(['contains', 'select-best']);
    expect(released.find((record) => record.output === 'b')!.pass).toBe(false);
    expect(released.find((record) => record.output === 'bb')!.score).toBeCloseTo(0.75);
  });

  it('lets other tests through at once and compares an incomplete group on flush, errors left alone', async () => {
    const released: CellRecord[] = [];
    const comparisons = gate(released, 3);
    const plain = planned(1, false);
    await comparisons.add(...cell(plain, 0, 'b'));
    expect(released).toHaveLength(1);
    const test = planned(2, true);
    await comparisons.add(...cell(test, 0, 'bbb'));
    await comparisons.add(...cell(test, 1, undefined));
    await comparisons.add(...cell(test, 2, 'b'));
    expect(released).toHaveLength(4);
    const errored = released.find((record) => record.error !== undefined)!;
    expect(errored.assertions).toEqual([]);
    expect(released.find((record) => record.output === 'bbb')!.pass).toBe(true);
    await comparisons.add(...cell(planned(3, true), 0, 'bb'));
    await comparisons.flush();
    const alone = released.at(-1)!;
    expect(alone.assertions.at(-1)!.reason).toMatch(/at least two outputs/);
  });
});

describe('max-score across the cells of a test', () => {
  it("ranks the cells by their own checks' scores, with no judge", async () => {
    const released: CellRecord[] = [];
    const comparisons = gate(released, 2);
    const test: PlannedTest = {
      test: { id: 't9', vars: {} } as unknown as SuiteTest,
      index: 9,
      assertions: compileAssertions([{ type: 'contains', value: 'b' }, { type: 'max-score' }]),
    };
    await comparisons.add(...cell(test, 0, 'a'));
    await comparisons.add(...cell(test, 1, 'b'));
    const winner = released.find((record) => record.output === 'b')!;
    expect(winner.assertions.map((result) => [result.type, result.pass])).toEqual([
      ['contains', true],
      ['max-score', true],
    ]);
    expect(released.find((record) => record.output === 'a')!.assertions.at(-1)!.pass).toBe(false);
  });
});
