import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/models/middleware/cache-middleware.ts';
import type { ModelRegistry } from '../../src/models/registry.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import type { GenerateRequest } from '../../src/spec/model.ts';
import { projectConfigSchema } from '../../src/spec/project-config.ts';
import { CacheStore } from '../../src/store/cache-store.ts';
import { CallLog } from '../../src/store/call-log.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.ts';
import { sha256 } from '../../src/util/hash.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { cleanEnv, FAST_RETRY, testProject } from './test-project.ts';

const KEY = 'sk-cache-test-9f8e7d6c5b4a-DO-NOT-STORE';
const request = (content: string, params: GenerateRequest['params'] = {}): GenerateRequest => ({
  messages: [{ role: 'user', content }],
  params,
});

describe('the response cache', () => {
  let stub: OpenAIStubServer;
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;
  let db: SqliteDatabase;
  let clock: number;

  const open = (config: Record<string, unknown> = {}) => {
    project = testProject({
      providers: {
        stub: { type: 'openai-compatible', baseURL: stub.baseURL, apiKeyEnv: 'STUB_KEY', maxRetries: 0 },
      },
      ...config,
    });
    db = openDatabase(project.storePath);
    registry = createModelRegistry(project, cleanEnv({ STUB_KEY: KEY }), {
      db,
      retry: FAST_RETRY,
      now: () => clock,
    });
    return registry.get('stub:m');
  };

  beforeEach(async () => {
    clock = Date.parse('2025-01-01T00:00:00Z');
    stub = await startOpenAIStubServer();
  });
  afterEach(async () => {
    await registry.close();
    db.close();
    project.dispose();
    await stub.close();
  });

  it('serves a repeated call without a second request', async () => {
    const model = await open();
    stub.script(
      { text: 'first answer', usage: { promptTokens: 3, completionTokens: 2 } },
      { text: 'second answer' },
    );
    const first = await model.generate(request('hi'));
    const second = await model.generate(request('hi'));
    expect(stub.requestCount).toBe(1);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({
      text: 'first answer',
      cached: true,
      usage: { inputTokens: 3, outputTokens: 2 },
    });
    registry.flush();
    expect(new CacheStore(db).stats()).toMatchObject({ entries: 1, hits: 1 });
  });

  it('clears a credential out of an answer stored before it was known, and out of the stored copy', async () => {
    // First without a key: the answer, which happens to hold the key's text, is stored as it came.
    const keyless = testProject({
      providers: { stub: { type: 'openai-compatible', baseURL: stub.baseURL, maxRetries: 0 } },
    });
    const firstDb = openDatabase(keyless.storePath);
    const first = createModelRegistry(keyless, cleanEnv(), {
      db: firstDb,
      retry: FAST_RETRY,
      now: () => clock,
    });
    stub.script({ text: `the key is ${KEY}` });
    await (await first.get('stub:m')).generate(request('hi'));
    await first.close();
    firstDb.close();
    // Then with the key set: the hit is cleared, and so is what the store keeps.
    project = {
      ...keyless,
      config: projectConfigSchema.parse({
        providers: {
          stub: { type: 'openai-compatible', baseURL: stub.baseURL, apiKeyEnv: 'STUB_KEY', maxRetries: 0 },
        },
      }),
    };
    db = openDatabase(project.storePath);
    registry = createModelRegistry(project, cleanEnv({ STUB_KEY: KEY }), {
      db,
      retry: FAST_RETRY,
      now: () => clock,
    });
    const hit = await (await registry.get('stub:m')).generate(request('hi'));
    expect(stub.requestCount).toBe(1);
    expect(hit).toMatchObject({ cached: true, text: 'the key is [redacted:STUB_KEY]' });
    const stored = db.prepare('SELECT text FROM response_cache').pluck().all() as string[];
    expect(stored).toEqual(['the key is [redacted:STUB_KEY]']);
  });

  it('keys on parameters and messages, but not on timeoutMs', async () => {
    const model = await open();
    await model.generate(request('hi', { temperature: 0 }));
    await model.generate(request('hi', { temperature: 0, timeoutMs: 5000 }));
    expect(stub.requestCount).toBe(1);
    await model.generate(request('hi', { temperature: 1 }));
    await model.generate(request('hi', { temperature: 0, seed: 1 }));
    await model.generate(request('hello', { temperature: 0 }));
    expect(stub.requestCount).toBe(4);
  });

  it('gives each sample of a repeated request its own entry', async () => {
    const model = await open();
    await model.generate(request('hi'), { sample: 0 });
    await model.generate(request('hi'), { sample: 1 });
    await model.generate(request('hi'), { sample: 1 });
    expect(stub.requestCount).toBe(2);
    expect(cacheKey('stub', 'm', request('hi'), 0)).not.toBe(cacheKey('stub', 'm', request('hi'), 1));
  });

  it('never stores an error', async () => {
    const model = await open();
    stub.script({ status: 500 }, { text: 'works now' });
    await expect(model.generate(request('hi'))).rejects.toMatchObject({ code: 'PROVIDER_SERVER' });
    expect(new CacheStore(db).stats().entries).toBe(0);
    expect((await model.generate(request('hi'))).text).toBe('works now');
    expect(stub.requestCount).toBe(2);
  });

  it('lets entries expire after the configured ttl', async () => {
    const model = await open({ cache: { ttl: '1h' } });
    stub.script({ text: 'old' }, { text: 'new' });
    await model.generate(request('hi'));
    clock += 30 * 60_000;
    expect((await model.generate(request('hi'))).text).toBe('old');
    clock += 31 * 60_000;
    expect((await model.generate(request('hi'))).text).toBe('new');
    expect(stub.requestCount).toBe(2);
  });

  it('bypass calls the provider but stores the fresh answer; off neither reads nor writes', async () => {
    const model = await open();
    stub.script({ text: 'v1' }, { text: 'v2' }, { text: 'v3' });
    await model.generate(request('hi'));
    expect((await model.generate(request('hi'), { cache: 'bypass' })).text).toBe('v2');
    expect((await model.generate(request('hi'))).text).toBe('v2');
    expect((await model.generate(request('hi'), { cache: 'off' })).text).toBe('v3');
    expect((await model.generate(request('hi'))).text).toBe('v2');
    expect(stub.requestCount).toBe(3);
  });

  it('is off by default when plume.yaml disables it', async () => {
    const model = await open({ cache: { enabled: false } });
    await model.generate(request('hi'));
    await model.generate(request('hi'));
    expect(stub.requestCount).toBe(2);
    expect(new CacheStore(db).stats().entries).toBe(0);
  });

  it('stores a streamed answer on finish and replays it on a hit', async () => {
    const model = await open();
    stub.script({ chunks: ['a ', 'streamed ', 'answer'] });
    let streamed = '';
    for await (const event of model.stream(request('hi'))) if (event.type === 'text') streamed += event.text;
    const replay: string[] = [];
    let cached = false;
    for await (const event of model.stream(request('hi'))) {
      if (event.type === 'text') replay.push(event.text);
      else cached = event.result.cached;
    }
    expect(streamed).toBe('a streamed answer');
    expect(replay.join('')).toBe(streamed);
    expect(cached).toBe(true);
    expect((await model.generate(request('hi'))).cached).toBe(true);
    expect(stub.requestCount).toBe(1);
  });

  it('logs every call, hits and failures included, without keys, prompts or outputs', async () => {
    const model = await open({ prices: { 'stub:m': { input: 1, output: 1 } } });
    stub.script({ text: 'SECRET-OUTPUT-TEXT' }, { status: 401, errorMessage: `bad key ${KEY}` });
    await model.generate(request('SECRET-PROMPT-TEXT'));
    await model.generate(request('SECRET-PROMPT-TEXT'));
    const error = await model.generate(request('another prompt')).catch((caught: unknown) => caught);
    expect(String((error as Error).message)).not.toContain(KEY);
    registry.flush();
    const rows = db.prepare('SELECT * FROM call_log ORDER BY id').all() as Record<string, unknown>[];
    // A write puts the calls first, then one row per model tallying its hits.
    expect(rows.map((row) => [row.cached, row.error_code, row.calls])).toEqual([
      [0, null, 1],
      [0, 'PROVIDER_AUTH', 1],
      [1, null, 1],
    ]);
    expect(rows[2]!.cost_usd).toBe(0);
    expect(rows[0]!.cost_usd).toBeGreaterThan(0);
    const log = JSON.stringify(rows);
    for (const secret of [KEY, 'SECRET-PROMPT-TEXT', 'SECRET-OUTPUT-TEXT']) expect(log).not.toContain(secret);
    db.pragma('wal_checkpoint(FULL)');
    for (const file of [project.storePath, `${project.storePath}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(KEY)).toBe(false);
    }
    expect(readFileSync(project.storePath).includes('SECRET-PROMPT-TEXT')).toBe(false);
  });
});

describe('CacheStore.clear and CallLog', () => {
  it('clears all, per model, per provider, or entries older than a time', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const result = { text: 'x', usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop' };
    const [k1, k2, k3, k4] = [1, 2, 3, 4].map((n) => sha256(`request ${n}`));
    store.put(k1!, 'a:one', result, 1000);
    store.put(k2!, 'a:two', result, 2000);
    store.put(k3!, 'b:one', result, 3000);
    store.put(k4!, 'ab:one', result, 4000);
    expect(store.clear({ before: 2500 })).toBe(2);
    expect(store.clear({ provider: 'a' })).toBe(0);
    expect(store.clear({ modelId: 'b:one' })).toBe(1);
    expect(store.stats().models.map((model) => model.modelId)).toEqual(['ab:one']);
    expect(store.get(k4!, 0)).toEqual(result);
    expect(store.clear()).toBe(1);
    expect(store.get(k4!, 0)).toBeUndefined();
    db.close();
  });

  it('writes buffered rows in batches, and sums them', () => {
    const db = openDatabase(':memory:');
    const log = new CallLog(db, { batchSize: 3, flushDelayMs: 60_000 });
    const entry = {
      at: 1,
      modelId: 'x:y',
      cacheKey: undefined,
      inputTokens: 10,
      outputTokens: 5,
      costUsd: 0.5,
      latencyMs: 3,
      cached: false,
      errorCode: undefined,
    };
    const count = () => db.prepare('SELECT count(*) FROM call_log').pluck().get();
    log.append(entry);
    log.append(entry);
    expect(count()).toBe(0);
    log.append({ ...entry, cached: true, costUsd: 0 });
    expect(count()).toBe(3);
    log.append({
      ...entry,
      errorCode: 'PROVIDER_SERVER',
      inputTokens: undefined,
      outputTokens: undefined,
      costUsd: undefined,
    });
    expect(log.summary()).toEqual({
      calls: 4,
      cached: 1,
      errors: 1,
      inputTokens: 30,
      outputTokens: 15,
      costUsd: 1,
    });
    log.close();
    db.close();
  });

  it('tallies cache hits in one row per model and write, and counts each of them', () => {
    const db = openDatabase(':memory:');
    const log = new CallLog(db, { batchSize: 512, flushDelayMs: 60_000 });
    const hit = {
      at: 7,
      modelId: 'x:y',
      cacheKey: 'k',
      inputTokens: 2,
      outputTokens: 3,
      costUsd: 0,
      latencyMs: 0.5,
      cached: true,
      errorCode: undefined,
    };
    for (let index = 0; index < 1000; index++)
      log.append({ ...hit, modelId: index % 4 === 0 ? 'x:z' : 'x:y' });
    log.append({ ...hit, cached: false, costUsd: 0.25 });
    log.flush();
    // 512 entries fill a batch: the first write has both models' hits, the second the rest and the call.
    const rows = db
      .prepare('SELECT model_id, cached, calls, input_tokens, latency_ms FROM call_log ORDER BY id')
      .all() as {
      model_id: string;
      cached: number;
      calls: number;
      input_tokens: number;
      latency_ms: number;
    }[];
    expect(rows.length).toBe(5);
    expect(rows.filter((row) => row.cached === 1).reduce((sum, row) => sum + row.calls, 0)).toBe(1000);
    expect(rows.filter((row) => row.model_id === 'x:z').reduce((sum, row) => sum + row.calls, 0)).toBe(250);
    const first = rows.find((row) => row.model_id === 'x:y')!;
    expect(first.input_tokens).toBe(2 * first.calls);
    expect(first.latency_ms).toBeCloseTo(0.5 * first.calls);
    expect(log.summary()).toEqual({
      calls: 1001,
      cached: 1000,
      errors: 0,
      inputTokens: 2002,
      outputTokens: 3003,
      costUsd: 0.25,
    });
    expect(new CacheStore(db).stats().hits).toBe(1000);
    log.close();
    db.close();
  });
});

describe('CacheStore keys', () => {
  it('keeps a digest as its 32 bytes and finds it by its hex, alone or with other lookups', async () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const answer = (text: string) => ({
      text,
      usage: { inputTokens: 1, outputTokens: 2 },
      finishReason: 'stop',
    });
    const keys = Array.from({ length: 40 }, (_, n) => sha256(`request ${n}`));
    keys.forEach((key, n) => {
      store.put(key, 'a:one', answer(`answer ${n}`), 1000);
    });
    expect(
      db.prepare('SELECT DISTINCT typeof(key) AS type, length(key) AS bytes FROM response_cache').all(),
    ).toEqual([{ type: 'blob', bytes: 32 }]);
    expect(store.get(keys[7]!, 0)).toEqual(answer('answer 7'));
    const missing = sha256('never asked');
    const found = await Promise.all([...keys, missing].map((key) => store.lookup(key, 0)));
    expect(found.map((hit) => hit?.text)).toEqual([...keys.map((_, n) => `answer ${n}`), undefined]);
    // A dry run's question: which keys are answered, and new enough.
    const later = sha256('later request');
    store.put(later, 'a:one', answer('later'), 3000);
    expect(store.cachedKeys([keys[0]!, missing, later, keys[39]!], 0)).toEqual(
      new Set([keys[0], later, keys[39]]),
    );
    expect(store.cachedKeys([keys[0]!, later], 2000)).toEqual(new Set([later]));
    // Not a digest: found nowhere, and refused as a key.
    expect(store.get('k1', 0)).toBeUndefined();
    expect(() => store.put('k1', 'a:one', answer('x'), 1000)).toThrow(/sha256/);
    db.close();
  });
});
