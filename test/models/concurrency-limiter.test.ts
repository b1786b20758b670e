import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../src/models/middleware/concurrency-limiter.ts';
import { createModelRegistry, type ModelRegistry } from '../../src/models/registry.ts';
import { openDatabase } from '../../src/store/database.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { cleanEnv, FAST_RETRY, testProject } from './test-project.ts';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConcurrencyLimiter', () => {
  it('never lets more than the limit run at once', async () => {
    const limiter = new ConcurrencyLimiter({ max: 4 });
    let running = 0;
    let most = 0;
    const task = async (index: number) => {
      await limiter.acquire();
      running++;
      most = Math.max(most, running);
      await tick(index % 3);
      running--;
      limiter.release();
    };
    await Promise.all(Array.from({ length: 60 }, (_, index) => task(index)));
    expect(most).toBe(4);
    expect(limiter.inFlight).toBe(0);
  });

  it('halves on each rate limit down to 1, and grows back by one after a run of successes', () => {
    const limiter = new ConcurrencyLimiter({ max: 8, increaseAfter: 3 });
    limiter.rateLimited();
    expect(limiter.limit).toBe(4);
    limiter.rateLimited();
    limiter.rateLimited();
    limiter.rateLimited();
    expect(limiter.limit).toBe(1);
    limiter.succeeded();
    limiter.succeeded();
    expect(limiter.limit).toBe(1);
    limiter.succeeded();
    expect(limiter.limit).toBe(2);
    for (let index = 0; index < 100; index++) limiter.succeeded();
    expect(limiter.limit).toBe(8);
  });

  it('forgets a run of successes broken by a rate limit', () => {
    const limiter = new ConcurrencyLimiter({ max: 4, increaseAfter: 2 });
    limiter.rateLimited();
    limiter.succeeded();
    limiter.rateLimited();
    limiter.succeeded();
    expect(limiter.limit).toBe(1);
  });

  it('serves waiters first in, first out, and admits more as the limit grows', async () => {
    const limiter = new ConcurrencyLimiter({ max: 2, increaseAfter: 1 });
    limiter.rateLimited();
    expect(limiter.tryAcquire()).toBe(true);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((index) => limiter.acquire().then(() => order.push(index)));
    expect(limiter.queued).toBe(3);
    expect(limiter.tryAcquire()).toBe(false);
    limiter.succeeded();
    await tick();
    expect(order).toEqual([1]);
    limiter.release();
    limiter.release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    expect(limiter.inFlight).toBe(2);
  });

  it('drops a waiter whose signal aborts, with the signal reason', async () => {
    const limiter = new ConcurrencyLimiter({ max: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('cancelled while queued'));
    await expect(aborted).rejects.toThrow('cancelled while queued');
    expect(limiter.queued).toBe(1);
    limiter.release();
    await next;
    expect(limiter.inFlight).toBe(1);
  });
});

describe('the concurrency limit in front of a real provider', () => {
  let stub: OpenAIStubServer;
  let registry: ModelRegistry;
  let project: ReturnType<typeof testProject>;
  afterEach(async () => {
    await registry.close();
    project.dispose();
    await stub.close();
  });

  const open = async (concurrency: number, stubOptions: Parameters<typeof startOpenAIStubServer>[0]) => {
    stub = await startOpenAIStubServer(stubOptions);
    project = testProject({
      providers: { stub: { type: 'openai-compatible', baseURL: stub.baseURL, concurrency, maxRetries: 6 } },
      cache: { enabled: false },
    });
    registry = createModelRegistry(project, cleanEnv(), { db: openDatabase(':memory:'), retry: FAST_RETRY });
    return registry.get('stub:m');
  };

  it('keeps calls in flight at or under the configured concurrency', async () => {
    const model = await open(3, { latencyMs: 20 });
    const calls = Array.from({ length: 12 }, (_, index) =>
      model.generate({ messages: [{ role: 'user', content: `q${index}` }], params: {} }),
    );
    const results = await Promise.all(calls);
    expect(results.map((result) => result.text)).toEqual(
      Array.from({ length: 12 }, (_, index) => `echo: q${index}`),
    );
    expect(stub.maxInFlight).toBe(3);
  });

  it('sends fewer calls at once after 429s, and still answers them all', async () => {
    let served = 0;
    const model = await open(8, {
      latencyMs: 10,
      // The first 8 requests are refused: the limit halves from 8 towards 1.
      // Slow refusals, so all 8 first attempts are in flight together even on a busy machine.
      respond: () => (served++ < 8 ? { status: 429, headers: { 'retry-after-ms': '5' }, delayMs: 150 } : {}),
    });
    const calls = Array.from({ length: 16 }, (_, index) =>
      model.generate({ messages: [{ role: 'user', content: `q${index}` }], params: {} }),
    );
    await Promise.all(calls);
    expect(stub.requestCount).toBe(24);
    expect(stub.requests.slice(0, 8).map((request) => request.inFlight)).toContain(8);
    // After eight halvings the limit is 1 and grows by one per window of successes (1+2+3+4+5 = 15
    // calls reach 6); without the limiter, the 8 refused calls would all retry at once.
    const afterRateLimits = Math.max(...stub.requests.slice(8).map((request) => request.inFlight));
    // (The server may count a finished request a moment late, hence the margin.)
    expect(afterRateLimits).toBeLessThan(8);
  });
});
