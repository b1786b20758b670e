import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRegistry, ModelRegistryOptions } from '../../src/models/registry.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import type { GenerateRequest, StreamEvent } from '../../src/spec/model.ts';
import { openDatabase } from '../../src/store/database.ts';
import { isPlumeError, type PlumeError } from '../../src/util/errors.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { cleanEnv, FAST_RETRY, testProject } from './test-project.ts';

const KEY = 'sk-stub-0123456789abcdefSECRET';
const request = (content: string, params: GenerateRequest['params'] = {}): GenerateRequest => ({
  messages: [
    { role: 'system', content: 'be brief' },
    { role: 'user', content },
  ],
  params,
});

async function failure(promise: Promise<unknown>): Promise<PlumeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPlumeError(error)) throw new Error(`expected a PlumeError, got ${String(error)}`);
  return error;
}

describe('an OpenAI-compatible provider through the AI SDK, against a local stub', () => {
  let stub: OpenAIStubServer;
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;

  const open = (options: ModelRegistryOptions = {}, provider: Record<string, unknown> = {}) => {
    project = testProject({
      providers: {
        stub: { type: 'openai-compatible', baseURL: stub.baseURL, apiKeyEnv: 'STUB_KEY', ...provider },
      },
      prices: { 'stub:gpt-test': { input: 2, output: 8 } },
    });
    registry = createModelRegistry(project, cleanEnv({ STUB_KEY: KEY }), {
      db: openDatabase(':memory:'),
      retry: FAST_RETRY,
      ...options,
    });
    return registry.get('stub:gpt-test');
  };

  beforeEach(async () => {
    stub = await startOpenAIStubServer();
  });
  afterEach(async () => {
    await registry?.close();
    project?.dispose();
    await stub.close();
  });

  it('answers a plain call with usage, cost and latency, sending the parameters and the key', async () => {
    const model = await open();
    stub.script({ text: 'Bonjour !', usage: { promptTokens: 1000, completionTokens: 500 } });
    const result = await model.generate(
      request('hello', { temperature: 0.2, seed: 7, maxTokens: 50, stop: ['END'] }),
    );
    expect(result).toMatchObject({
      text: 'Bonjour !',
      modelId: 'stub:gpt-test',
      cached: false,
      finishReason: 'stop',
    });
    expect(result.usage).toEqual({ inputTokens: 1000, outputTokens: 500 });
    expect(result.costUsd).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 12);
    expect(result.latencyMs).toBeGreaterThan(0);
    const sent = stub.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body).toMatchObject({
      model: 'gpt-test',
      temperature: 0.2,
      seed: 7,
      max_tokens: 50,
      stop: ['END'],
    });
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hello' },
    ]);
  });

  it('leaves the cost undefined when no price is known', async () => {
    project = testProject({ providers: { stub: { type: 'openai-compatible', baseURL: stub.baseURL } } });
    registry = createModelRegistry(project, cleanEnv(), { db: openDatabase(':memory:') });
    const model = await registry.get('stub:unpriced');
    expect((await model.generate(request('hi'))).costUsd).toBeUndefined();
  });

  it('asks for JSON following the output schema, and keeps the answer as text', async () => {
    const model = await open();
    stub.script({ text: 'not json at all' });
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const result = await model.generate({ ...request('name?'), outputSchema: schema });
    expect(result.text).toBe('not json at all');
    expect(JSON.stringify(stub.requests[0]!.body.response_format)).toContain('"required":["name"]');
  });

  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    const model = await open();
    stub.script({ status: 429, headers: { 'retry-after': '1' } }, { text: 'finally' });
    const started = performance.now();
    const result = await model.generate(request('hi'));
    expect(result.text).toBe('finally');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(stub.requestCount).toBe(2);
  });

  it('retries a 500, then succeeds', async () => {
    const model = await open();
    stub.script({ status: 500 }, { text: 'recovered' });
    expect((await model.generate(request('hi'))).text).toBe('recovered');
    expect(stub.requestCount).toBe(2);
  });

  it('gives up on a 500 after maxRetries from the config', async () => {
    const model = await open({}, { maxRetries: 2 });
    stub.script({ status: 503 }, { status: 503 }, { status: 503 }, { text: 'too late' });
    const error = await failure(model.generate(request('hi')));
    expect(error).toMatchObject({ code: 'PROVIDER_SERVER', statusCode: 503, retryable: true });
    expect(stub.requestCount).toBe(3);
  });

  it('never retries a 401, and says which variable holds the key without showing it', async () => {
    const model = await open();
    stub.script({ status: 401, errorMessage: `Incorrect API key provided: ${KEY}` });
    const error = await failure(model.generate(request('hi')));
    expect(error.code).toBe('PROVIDER_AUTH');
    expect(error.describe()).toContain('STUB_KEY');
    expect(JSON.stringify({ ...error.toJSON(), text: error.describe() })).not.toContain('SECRET');
    expect(stub.requestCount).toBe(1);
  });

  it('never retries a 400, and keeps the provider message without the prompt', async () => {
    const model = await open();
    stub.script({ status: 400, errorMessage: 'max_tokens is too large' });
    const error = await failure(model.generate(request('a private prompt')));
    expect(error).toMatchObject({ code: 'PROVIDER_REQUEST', statusCode: 400, retryable: false });
    expect(error.message).toContain('max_tokens is too large');
    expect(error.message).not.toContain('a private prompt');
    expect(stub.requestCount).toBe(1);
  });

  it('times out a server that hangs, within the limit', async () => {
    const model = await open({}, { maxRetries: 0 });
    stub.script({ hang: true });
    const started = performance.now();
    const error = await failure(model.generate(request('hi', { timeoutMs: 200 })));
    expect(error).toMatchObject({ code: 'PROVIDER_TIMEOUT', retryable: true });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('retries a timed-out call, then succeeds', async () => {
    const model = await open();
    stub.script({ hang: true }, { text: 'second try' });
    expect((await model.generate(request('hi', { timeoutMs: 200 }))).text).toBe('second try');
    expect(stub.requestCount).toBe(2);
  });

  it('retries a body that is not JSON (cut off or garbled), then succeeds', async () => {
    const model = await open();
    stub.script({ rawBody: '{"choices": [ this is not json' }, { text: 'readable' });
    expect((await model.generate(request('hi'))).text).toBe('readable');
    expect(stub.requestCount).toBe(2);
  });

  it('reports a body that is never JSON as PROVIDER_BAD_RESPONSE after maxRetries', async () => {
    const model = await open({}, { maxRetries: 2 });
    stub.script(...Array.from({ length: 4 }, () => ({ rawBody: '{"choices": [ this is not json' })));
    const error = await failure(model.generate(request('hi')));
    expect(error).toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', retryable: true });
    expect(stub.requestCount).toBe(3);
  });

  it('reports a body of the wrong shape as PROVIDER_BAD_RESPONSE, without a retry', async () => {
    const model = await open();
    stub.script({ rawBody: '{"unexpected": true}' });
    const error = await failure(model.generate(request('hi')));
    expect(error).toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', retryable: false });
    expect(stub.requestCount).toBe(1);
  });

  it('retries a connection reset as often as a 500, then succeeds', async () => {
    const model = await open();
    stub.script({ reset: true }, { reset: true }, { reset: true }, { text: 'after resets' });
    expect((await model.generate(request('hi'))).text).toBe('after resets');
    expect(stub.requestCount).toBe(4);
  });

  it('reports a connection that keeps breaking as PROVIDER_DISCONNECTED, not as unreachable', async () => {
    const model = await open({}, { maxRetries: 1 });
    stub.script({ reset: true }, { reset: true }, { text: 'too late' });
    const error = await failure(model.generate(request('hi')));
    expect(error).toMatchObject({ code: 'PROVIDER_DISCONNECTED', retryable: true });
    expect(stub.requestCount).toBe(2);
  });

  it('retries a hanging call only once: a provider that does not answer fails fast', async () => {
    const model = await open();
    stub.script({ hang: true }, { hang: true }, { text: 'never asked' });
    const error = await failure(model.generate(request('hi', { timeoutMs: 150 })));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(stub.requestCount).toBe(2);
  });

  it('fails fast with PROVIDER_CONNECTION when nothing listens, with the default backoff', async () => {
    const port = await closedPort();
    project = testProject({
      providers: {
        down: { type: 'openai-compatible', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 5 },
      },
    });
    registry = createModelRegistry(project, cleanEnv(), { db: openDatabase(':memory:') });
    const model = await registry.get('down:m');
    const started = performance.now();
    const error = await failure(model.generate(request('hi')));
    expect(error).toMatchObject({ code: 'PROVIDER_CONNECTION', retryable: true });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('streams deltas that concatenate to the final text', async () => {
    const model = await open();
    stub.script({
      chunks: ['Once ', 'upon ', 'a ', 'time'],
      usage: { promptTokens: 10, completionTokens: 4 },
    });
    const events: StreamEvent[] = [];
    for await (const event of model.stream(request('story'))) events.push(event);
    const deltas = events.filter((event) => event.type === 'text').map((event) => event.text);
    expect(deltas).toEqual(['Once ', 'upon ', 'a ', 'time']);
    const last = events.at(-1)!;
    expect(last.type).toBe('finish');
    if (last.type !== 'finish') return;
    expect(last.result.text).toBe(deltas.join(''));
    expect(last.result.usage).toEqual({ inputTokens: 10, outputTokens: 4 });
    expect(last.result.costUsd).toBeCloseTo((10 * 2 + 4 * 8) / 1e6, 12);
    expect(stub.requests[0]!.stream).toBe(true);
  });

  it('retries a stream that fails before its first delta', async () => {
    const model = await open();
    stub.script({ status: 502 }, { text: 'streamed after all' });
    let text = '';
    for await (const event of model.stream(request('hi'))) if (event.type === 'text') text += event.text;
    expect(text).toBe('streamed after all');
    expect(stub.requestCount).toBe(2);
  });

  it('retries an error event that ends a stream before its first delta, by its status', async () => {
    const model = await open();
    stub.script({ chunks: [], streamError: { message: 'Overloaded', code: 503 } }, { text: 'second wind' });
    let text = '';
    for await (const event of model.stream(request('hi'))) if (event.type === 'text') text += event.text;
    expect(text).toBe('second wind');
    expect(stub.requestCount).toBe(2);
  });

  it('reports an error event in the middle of a stream with its status, without a retry', async () => {
    const model = await open();
    stub.script({ chunks: ['Once '], streamError: { message: 'Overloaded', code: 503 } });
    const deltas: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of model.stream(request('story')))
          if (event.type === 'text') deltas.push(event.text);
      })(),
    );
    expect(deltas).toEqual(['Once ']);
    expect(error).toMatchObject({ code: 'PROVIDER_SERVER', statusCode: 503, retryable: true });
    expect(error.message).toContain('Overloaded');
    expect(stub.requestCount).toBe(1);
  });

  it('stops at once when the caller aborts', async () => {
    const model = await open();
    stub.script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopped by the test')), 50);
    await expect(model.generate(request('hi'), { signal: controller.signal })).rejects.toThrow(
      'stopped by the test',
    );
    expect(stub.requestCount).toBe(1);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
