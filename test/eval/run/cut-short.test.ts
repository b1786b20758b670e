import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { CircuitBreaker } from '../../../src/eval/run/circuit-breaker.ts';
import { type ExecutionContext, executeCell, type RunModel } from '../../../src/eval/run/execute-cell.ts';
import type { CellPlan } from '../../../src/eval/run/plan-cells.ts';
import type { RunPrompt } from '../../../src/eval/run/run-prompts.ts';
import { isCutShort } from '../../../src/models/finish-reason.ts';
import { cacheMiddleware } from '../../../src/models/middleware/cache-middleware.ts';
import type { CallState } from '../../../src/models/middleware/model-middleware.ts';
import type { Model } from '../../../src/models/model.ts';
import { APPROXIMATE_TOKEN_COUNTER } from '../../../src/models/token-counter.ts';
import type { GenerateRequest, GenerateResult, ProviderResult } from '../../../src/spec/model.ts';
import type { ResolvedPrompt } from '../../../src/spec/prompt.ts';
import { CacheStore } from '../../../src/store/cache-store.ts';
import { openDatabase } from '../../../src/store/database.ts';
import { blankTest } from '../../helpers/suite-test.ts';

const REQUEST: GenerateRequest = { messages: [{ role: 'user', content: 'Once upon a time' }], params: {} };

function answer(finishReason: string): ProviderResult {
  return { text: 'Once upon a', usage: { inputTokens: 4, outputTokens: 3 }, finishReason };
}

function call(): CallState {
  return { signal: undefined, cacheMode: 'use', sample: 0, cacheKey: undefined, cached: false };
}

describe('answers cut short', () => {
  it('are the ones an abort, an interrupted stream or an error mid-answer ended', () => {
    for (const reason of ['abort', 'interrupted', 'error']) expect(isCutShort(answer(reason))).toBe(true);
    for (const reason of ['stop', 'length', 'content-filter', 'tool-calls', 'other'])
      expect(isCutShort(answer(reason))).toBe(false);
  });

  it('are never cached, whether generated or streamed; whole answers are', async () => {
    const db = openDatabase(':memory:');
    const cache = cacheMiddleware({
      store: new CacheStore(db),
      modelId: 'fake:m',
      provider: 'fake',
      model: 'm',
      ttlMs: undefined,
      now: () => 0,
    });
    let finish = 'interrupted';
    let calls = 0;
    const generate = async () => {
      calls++;
      return answer(finish);
    };
    async function* stream() {
      calls++;
      yield { type: 'text' as const, text: 'Once upon a' };
      yield { type: 'finish' as const, result: answer(finish) };
    }
    const streamed = async (state: CallState) => {
      for await (const _event of cache.stream(REQUEST, state, stream));
    };
    for (const reason of ['interrupted', 'abort']) {
      finish = reason;
      await cache.generate(REQUEST, call(), generate);
      await streamed(call());
    }
    const state = call();
    await cache.generate(REQUEST, state, generate);
    expect(state.cached).toBe(false);
    expect(calls).toBe(5);
    finish = 'length';
    await cache.generate(REQUEST, call(), generate);
    const again = call();
    expect(await cache.generate(REQUEST, again, generate)).toMatchObject({ finishReason: 'length' });
    expect(again.cached).toBe(true);
    expect(calls).toBe(6);
    db.close();
  });
});

describe('a cell whose answer was cut short', () => {
  const prompt: RunPrompt = {
    manifest: { label: 'p', ref: 'p', name: 'p', hash: 'h' } as unknown as RunPrompt['manifest'],
    resolved: {
      params: {},
      render: async () => ({ messages: REQUEST.messages, params: {} }),
    } as unknown as ResolvedPrompt,
  };
  const plan: CellPlan = {
    key: '000000000000',
    promptIndex: 0,
    modelIndex: 0,
    repeat: 0,
    test: {
      index: 0,
      test: blankTest({}),
      assertions: compileAssertions([]),
    },
  };
  function contextAnswering(finishReason: string, signal?: AbortSignal): ExecutionContext {
    const model = {
      generate: async (): Promise<GenerateResult> => ({
        ...answer(finishReason),
        modelId: 'fake:m',
        latencyMs: 1,
        costUsd: 0,
        cached: false,
      }),
    } as unknown as Model;
    const runModel: RunModel = {
      label: 'fake:m',
      ref: 'fake:m',
      params: {},
      model,
      breaker: new CircuitBreaker('fake:m'),
      tokenCounter: APPROXIMATE_TOKEN_COUNTER,
    };
    return {
      prompts: [prompt],
      models: [runModel],
      cache: 'use',
      codePolicy: 'none',
      ...(signal ? { signal } : {}),
    };
  }

  it('is an error the next --retry-errors runs again, when the provider cut it', async () => {
    const cell = await executeCell(plan, contextAnswering('interrupted'));
    expect(cell.error).toEqual({
      code: 'PROVIDER_BAD_RESPONSE',
      message: "the answer was cut short (finish reason 'interrupted')",
    });
    expect(cell.pass).toBeUndefined();
    expect(cell.output).toBeUndefined();
  });

  it('is an error the runner leaves for the resume, when the run was interrupted', async () => {
    const cell = await executeCell(plan, contextAnswering('abort', AbortSignal.abort()));
    expect(cell.error?.code).toBe('ABORTED');
  });

  it('is not an error when the answer finished', async () => {
    const cell = await executeCell(plan, contextAnswering('length'));
    expect(cell).toMatchObject({ error: undefined, output: 'Once upon a', pass: true });
  });
});
