import { describe, expect, it } from 'vitest';
import { loadAssertionHandlers } from '../../../src/eval/assertions/assertion-registry.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { CircuitBreaker } from '../../../src/eval/run/circuit-breaker.ts';
import { type CellJournal, executeCell } from '../../../src/eval/run/execute-cell.ts';
import type { CellPlan } from '../../../src/eval/run/plan-cells.ts';
import type { RunPrompt } from '../../../src/eval/run/run-prompts.ts';
import type { Model } from '../../../src/models/model.ts';
import { APPROXIMATE_TOKEN_COUNTER } from '../../../src/models/token-counter.ts';
import type { GenerateResult } from '../../../src/spec/model.ts';
import type { ResolvedPrompt } from '../../../src/spec/prompt.ts';
import { CELL_ANSWER } from '../../../src/store/answer-journal.ts';
import { blankTest } from '../../helpers/suite-test.ts';

await loadAssertionHandlers(['icontains']);

const PROMPT: RunPrompt = {
  manifest: { label: 'p', ref: 'p', name: 'p', hash: 'h' } as unknown as RunPrompt['manifest'],
  resolved: {
    params: {},
    render: async () => ({ messages: [{ role: 'user', content: 'Say hello' }], params: {} }),
  } as unknown as ResolvedPrompt,
};

const PLAN: CellPlan = {
  key: '00000000002a',
  promptIndex: 0,
  modelIndex: 0,
  repeat: 0,
  test: {
    index: 0,
    test: blankTest({}),
    assertions: compileAssertions([{ type: 'icontains', value: 'hello' }]),
  },
};

function answer(text: string, finishReason = 'stop'): GenerateResult {
  return {
    text,
    usage: { inputTokens: 2, outputTokens: 2 },
    finishReason,
    modelId: 'stub:tiny',
    latencyMs: 250,
    costUsd: 0.002,
    cached: false,
  };
}

/** A journal in memory that records what the cell did with it, in order. */
class RecordingJournal implements CellJournal {
  readonly kept = new Map<string, GenerateResult>();
  readonly events: string[] = [];

  answer(cellKey: string, call: string): GenerateResult | undefined {
    return this.kept.get(`${cellKey}/${call}`);
  }

  record(cellKey: string, call: string, result: GenerateResult): void {
    this.events.push(`record ${result.finishReason}`);
    this.kept.set(`${cellKey}/${call}`, result);
  }
}

function cellOf(journal: CellJournal, generate: () => Promise<GenerateResult>) {
  const model = { generate } as unknown as Model;
  return executeCell(PLAN, {
    prompts: [PROMPT],
    models: [
      {
        label: 'stub:tiny',
        ref: 'stub:tiny',
        params: {},
        model,
        breaker: new CircuitBreaker('stub:tiny'),
        tokenCounter: APPROXIMATE_TOKEN_COUNTER,
        journal,
      },
    ],
    cache: 'off',
    codePolicy: 'none',
  });
}

describe("a cell of a run that journals its model's answers", () => {
  it('journals its answer under its key before the cell is finished', async () => {
    const journal = new RecordingJournal();
    const cell = await cellOf(journal, async () => {
      journal.events.push('call');
      return answer('hello there');
    });
    expect(journal.events).toEqual(['call', 'record stop']);
    expect(journal.answer(PLAN.key, CELL_ANSWER)?.text).toBe('hello there');
    expect(cell).toMatchObject({ output: 'hello there', pass: true, costUsd: 0.002, cached: false });
  });

  it('never journals an answer cut short', async () => {
    const journal = new RecordingJournal();
    for (const reason of ['interrupted', 'abort', 'error']) {
      const cell = await cellOf(journal, async () => answer('hel', reason));
      expect(cell.error?.code).toBe('PROVIDER_BAD_RESPONSE');
    }
    expect(journal.events).toEqual([]);
  });

  it('is completed from its journaled answer without a call, its cost counted once, here', async () => {
    const journal = new RecordingJournal();
    journal.kept.set(`${PLAN.key}/${CELL_ANSWER}`, answer('hello from before the kill'));
    const cell = await cellOf(journal, () => Promise.reject(new Error('the model was called')));
    expect(cell).toMatchObject({
      error: undefined,
      output: 'hello from before the kill',
      pass: true,
      costUsd: 0.002,
      latencyMs: 250,
      cached: false,
    });
    expect(journal.events).toEqual([]);
  });
});
