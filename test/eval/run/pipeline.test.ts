import { describe, expect, it } from 'vitest';
import { CellSink } from '../../../src/eval/run/cell-sink.ts';
import { CircuitBreaker } from '../../../src/eval/run/circuit-breaker.ts';
import { errorCell } from '../../../src/eval/run/execute-cell.ts';
import { cellKey, planCells } from '../../../src/eval/run/plan-cells.ts';
import { runWindowed } from '../../../src/eval/run/scheduler.ts';
import { sampleIndices } from '../../../src/eval/run/test-selection.ts';
import type { CellRecord } from '../../../src/spec/run.ts';
import type { SuiteTest } from '../../../src/spec/suite.ts';
import { blankTest } from '../../helpers/suite-test.ts';

function suiteTest(index: number): SuiteTest {
  return blankTest({ id: `t${index}`, vars: { index }, assert: [{ type: 'contains', value: 'x' }] });
}

// Tests in batches of one, as a planner takes them: each is pulled only when the planner needs it.
async function* tests(count: number, pulled: { count: number }): AsyncGenerator<SuiteTest[]> {
  for (let index = 0; index < count; index++) {
    pulled.count += 1;
    yield [suiteTest(index)];
  }
}

describe('planner → scheduler → sink', () => {
  it('never holds more cells than the window plus one batch, however many cells the run has', async () => {
    const window = 16;
    const batchSize = 64;
    const axes = { prompts: 2, models: 1, repeats: 3 };
    const pulled = { count: 0 };
    let planned = 0;
    let written = 0;
    let mostLive = 0;
    const sink = new CellSink(
      {
        write(cells) {
          written += cells.length;
        },
      },
      { batchSize, flushMs: 10_000 },
    );
    async function* counted() {
      for await (const plan of planCells(tests(5000, pulled), axes)) {
        planned += 1;
        mostLive = Math.max(mostLive, planned - written);
        yield plan;
      }
    }
    await runWindowed(counted(), window, async (plan) => {
      await new Promise((resolve) => setImmediate(resolve));
      sink.add(errorCell(plan, { code: 'TEST', message: 'not run' }));
    });
    sink.flush();
    expect(written).toBe(5000 * 6);
    expect(pulled.count).toBe(5000);
    // Planned but not yet written: at most the cells in flight and one unwritten batch.
    expect(mostLive).toBeLessThanOrEqual(window + batchSize);
    expect(mostLive).toBeGreaterThan(window);
  });

  it('skips the cells a resume already has, by their key', async () => {
    const axes = { prompts: 1, models: 1, repeats: 2 };
    const done = new Set([cellKey(2)]);
    const keys: string[] = [];
    for await (const plan of planCells(tests(3, { count: 0 }), axes, (key) => done.has(key)))
      keys.push(plan.key);
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
    expect(keys).not.toContain(cellKey(2));
  });

  it('keys cells by their place in the plan, so keys sort in the order cells are planned', async () => {
    const axes = { prompts: 2, models: 3, repeats: 2 };
    const plans: { key: string; test: number; prompt: number; model: number; repeat: number }[] = [];
    for await (const plan of planCells(tests(20, { count: 0 }), axes))
      plans.push({
        key: plan.key,
        test: plan.test.index,
        prompt: plan.promptIndex,
        model: plan.modelIndex,
        repeat: plan.repeat,
      });
    const keys = plans.map((plan) => plan.key);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(20 * 12);
    expect(plans[13]).toEqual({ key: '00000000000d', test: 1, prompt: 0, model: 0, repeat: 1 });
  });

  it('writes a partial batch after flushMs', async () => {
    const batches: CellRecord[][] = [];
    const sink = new CellSink({ write: (cells) => batches.push([...cells]) }, { batchSize: 100, flushMs: 5 });
    const plans = planCells(tests(1, { count: 0 }), { prompts: 1, models: 1, repeats: 1 });
    const { value: plan } = await plans.next();
    sink.add(errorCell(plan!, { code: 'TEST', message: 'x' }));
    expect(batches).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(batches).toHaveLength(1);
  });
});

describe('circuit breaker', () => {
  it('opens after three connection failures in a row, and an answer resets the count', () => {
    const breaker = new CircuitBreaker('stub:down');
    expect(breaker.record('PROVIDER_CONNECTION')).toBe(false);
    expect(breaker.record('PROVIDER_CONNECTION')).toBe(false);
    breaker.record(undefined);
    expect(breaker.record('PROVIDER_CONNECTION')).toBe(false);
    expect(breaker.record('PROVIDER_SERVER')).toBe(false);
    expect(breaker.record('PROVIDER_CONNECTION')).toBe(false);
    expect(breaker.isOpen).toBe(false);
    expect(breaker.record('PROVIDER_CONNECTION')).toBe(true);
    expect(breaker.isOpen).toBe(true);
    expect(breaker.skipError.message).toContain('stub:down could not be reached 3 times in a row');
  });

  it('counts timeouts too, and on opening aborts its signal with the error the skipped cells get', () => {
    const breaker = new CircuitBreaker('stub:hangs');
    breaker.record('PROVIDER_TIMEOUT');
    breaker.record('PROVIDER_CONNECTION');
    expect(breaker.signal.aborted).toBe(false);
    expect(breaker.record('PROVIDER_TIMEOUT', 'stub:hangs gave no complete answer within 300 ms')).toBe(true);
    expect(breaker.signal.aborted).toBe(true);
    expect(breaker.skipError).toEqual({
      code: 'PROVIDER_TIMEOUT',
      message:
        'not called: stub:hangs gave no answer in time 3 times in a row (stub:hangs gave no complete answer within 300 ms)',
    });
    // A call cut off by that abort is a skipped cell; a call's own error stands.
    expect(breaker.cutOff(breaker.signal.reason)).toEqual(breaker.skipError);
    expect(breaker.cutOff(new DOMException('aborted', 'AbortError'))).toEqual(breaker.skipError);
  });

  it('aborts with the run: an interrupt reaches the calls through the breaker signal', () => {
    const run = new AbortController();
    const breaker = new CircuitBreaker('stub:tiny', 3, run.signal);
    run.abort(new Error('interrupted'));
    expect(breaker.signal.aborted).toBe(true);
    expect(breaker.isOpen).toBe(false);
    expect(breaker.cutOff(run.signal.reason)).toBeUndefined();
  });
});

describe('runWindowed', () => {
  it('lends the slot of an item that waits to the next item, and takes it back after', async () => {
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    async function* items() {
      for (let index = 0; index < 12; index++) yield index;
    }
    const done = runWindowed(items(), 2, async (index, onWait) => {
      running++;
      most = Math.max(most, running);
      if (index < 4) {
        // The first four wait (as for a Retry-After) until the test lets them go.
        onWait(true);
        await new Promise<void>((resolve) => release.push(resolve));
        onWait(false);
      }
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });
    while (release.length < 4) await new Promise((resolve) => setImmediate(resolve));
    // All four started though the window is 2: waiting, they held no slot.
    for (const go of release) go();
    await done;
    expect(most).toBeGreaterThan(2);
    expect(most).toBeLessThanOrEqual(2 + 4);
  });
});

describe('sampleIndices', () => {
  it('draws distinct indices, the same for the same seed', () => {
    const first = sampleIndices(1000, 50, 7);
    expect(first.size).toBe(50);
    expect([...first].every((index) => index >= 0 && index < 1000)).toBe(true);
    expect([...sampleIndices(1000, 50, 7)]).toEqual([...first]);
    expect([...sampleIndices(1000, 50, 8)]).not.toEqual([...first]);
    expect(sampleIndices(10, 50, 1).size).toBe(10);
  });
});
