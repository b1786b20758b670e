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

  // One window of outcomes of calls started at the current epoch: `refused` 429s, the rest answered.
  const window = (limiter: ConcurrencyLimiter, size: number, refused: number) => {
    const epoch = limiter.epoch;
    for (let index = 0; index < size; index++) {
      if (index < refused) limiter.rateLimited(epoch);
      else limiter.succeeded(epoch);
    }
  };

  it('halves once per window whose 429s pass a third of its calls, down to 1, and grows back by one a window', () => {
    const limiter = new ConcurrencyLimiter({ max: 16 });
    window(limiter, 16, 5);
    expect(limiter.limit).toBe(16);
    window(limiter, 16, 6);
    expect(limiter.limit).toBe(8);
    // Windows are never under 16 outcomes: fewer cannot tell a limit from chance.
    window(limiter, 8, 8);
    expect(limiter.limit).toBe(8);
    window(limiter, 8, 8);
    expect(limiter.limit).toBe(4);
    window(limiter, 16, 16);
    window(limiter, 16, 16);
    expect(limiter.limit).toBe(1);
    window(limiter, 16, 16);
    expect(limiter.limit).toBe(1);
    window(limiter, 16, 0);
    expect(limiter.limit).toBe(2);
    for (let index = 0; index < 30; index++) window(limiter, 16, 0);
    expect(limiter.limit).toBe(16);
  });

  it('does not give way to random 429s: a tenth of the calls refused leaves the limit where it is', () => {
    const limiter = new ConcurrencyLimiter({ max: 16 });
    for (let index = 0; index < 50; index++) window(limiter, 16, index % 3 === 0 ? 5 : 1);
    expect(limiter.limit).toBe(16);
    // Each 429 halving the limit, as before, took it to 1 in four of them.
  });

  it('halves at most once for one overload: outcomes of calls started before the halving are not counted', () => {
    const limiter = new ConcurrencyLimiter({ max: 16 });
    const before = limiter.epoch;
    window(limiter, 16, 16);
    expect(limiter.limit).toBe(8);
    // The other calls sent at 16 come back refused too: no second halving for them.
    for (let index = 0; index < 16; index++) limiter.rateLimited(before);
    expect(limiter.limit).toBe(8);
    window(limiter, 16, 16);
    expect(limiter.limit).toBe(4);
  });

  it('serves waiters first in, first out, and admits more as the limit grows', async () => {
    const limiter = new ConcurrencyLimiter({ max: 2, window: 1 });
    limiter.rateLimited(limiter.epoch);
    expect(limiter.limit).toBe(1);
    expect(limiter.tryAcquire()).toBe(true);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((index) => limiter.acquire().then(() => order.push(index)));
    expect(limiter.queued).toBe(3);
    expect(limiter.tryAcquire()).toBe(false);
    limiter.succeeded(limiter.epoch);
    await tick();
    expect(order).toEqual([1]);
    limiter.release();
    limiter.release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    expect(limiter.inFlight).toBe(2);
  });

  it('serves a call being retried before the calls not yet started, retries in their own order', async () => {
    const limiter = new ConcurrencyLimiter({ max: 1 });
    await limiter.acquire();
    const order: string[] = [];
    const waiting = [
      limiter.acquire(undefined).then(() => order.push('new 1')),
      limiter.acquire(undefined, true).then(() => order.push('retry 1')),
      limiter.acquire(undefined).then(() => order.push('new 2')),
      limiter.acquire(undefined, true).then(() => order.push('retry 2')),
    ];
    for (let index = 0; index < 4; index++) {
      limiter.release();
      await tick();
    }
    await Promise.all(waiting);
    expect(order).toEqual(['retry 1', 'retry 2', 'new 1', 'new 2']);
    expect(limiter.tryAcquire(true)).toBe(false);
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

  it('sends fewer calls at once after a window of 429s, and still answers them all', async () => {
    let served = 0;
    const model = await open(8, {
      latencyMs: 10,
      // The first 16 requests, a window, are refused: the limit halves from 8 to 4.
      // Slow refusals, so the first attempts are in flight together even on a busy machine.
      respond: () => (served++ < 16 ? { status: 429, headers: { 'retry-after-ms': '5' }, delayMs: 150 } : {}),
    });
    const calls = Array.from({ length: 32 }, (_, index) =>
      model.generate({ messages: [{ role: 'user', content: `q${index}` }], params: {} }),
    );
    await Promise.all(calls);
    expect(stub.requestCount).toBe(48);
    expect(stub.requests.slice(0, 8).map((request) => request.inFlight)).toContain(8);
    // Calls sent before the halving may still be in flight; the last ones run at the new limit.
    // (The server may count a finished request a moment late, hence the margin.)
    const atTheEnd = Math.max(...stub.requests.slice(-16).map((request) => request.inFlight));
    expect(atTheEnd).toBeLessThan(8);
  });

  it('holds no slot while a call waits for its retry: other calls use the provider meanwhile', async () => {
    const model = await open(1, {});
    stub.script({ status: 429, headers: { 'retry-after-ms': '300' } });
    const ask = (content: string) => model.generate({ messages: [{ role: 'user', content }], params: {} });
    const order: string[] = [];
    await Promise.all(['first', 'second'].map((name) => ask(name).then(() => order.push(name))));
    expect(order).toEqual(['second', 'first']);
    const sent = stub.requests.map((request) => request.body.messages?.[0]?.content);
    expect(sent).toEqual(['first', 'second', 'first']);
  });

  it("times an answer from its answering attempt: neither the wait for a slot nor an earlier attempt's backoff", async () => {
    const model = await open(1, { latencyMs: 80 });
    // The first call is refused, slowly, and asked to wait 300 ms before it tries again.
    stub.script({ status: 429, headers: { 'retry-after-ms': '300' }, delayMs: 80 });
    const ask = (content: string) => model.generate({ messages: [{ role: 'user', content }], params: {} });
    const started = performance.now();
    const [retried, waited] = await Promise.all([ask('first'), ask('second')]);
    const elapsed = performance.now() - started;
    // first: refused (80 ms), backoff (300 ms), answered (80 ms). second waited for the refusal.
    expect(elapsed).toBeGreaterThanOrEqual(455);
    for (const result of [retried!, waited!]) {
      expect(result.latencyMs).toBeGreaterThanOrEqual(75);
      expect(result.latencyMs).toBeLessThan(80 + 100);
    }
    expect(waited!.queueMs).toBeGreaterThanOrEqual(75);
    // The retry found the slot free after its backoff: its queue wait is not the backoff.
    expect(retried!.queueMs).toBeLessThan(50);
  });
});
