import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SDK_PROVIDERS } from '../../src/models/providers/sdk-providers.ts';
import type { ModelRegistry } from '../../src/models/registry.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import type { GenerateRequest } from '../../src/spec/model.ts';
import { openDatabase } from '../../src/store/database.ts';
import { isPlumeError, type PlumeError } from '../../src/util/errors.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { cleanEnv, FAST_RETRY, testProject } from './test-project.ts';

// Every hosted provider type, each against the local stub speaking its wire format: a plain call
// (no output schema, not streamed) takes the provider's doGenerate over node:http, and must send what
// generateText sends and report what generateText reports, errors included.
const KEY = 'sk-stub-0123456789abcdefSECRET';
type HostedType = 'openai' | 'anthropic' | 'google' | 'mistral' | 'ollama';
const TYPES: { type: HostedType; path: string; baseURL: (stub: OpenAIStubServer) => string; key?: string }[] =
  [
    { type: 'openai', path: '/v1/chat/completions', baseURL: (stub) => stub.baseURL, key: 'authorization' },
    { type: 'anthropic', path: '/v1/messages', baseURL: (stub) => stub.baseURL, key: 'x-api-key' },
    {
      type: 'google',
      path: '/v1beta/models/tiny:generateContent',
      baseURL: (stub) => `${stub.origin}/v1beta`,
      key: 'x-goog-api-key',
    },
    { type: 'mistral', path: '/v1/chat/completions', baseURL: (stub) => stub.baseURL, key: 'authorization' },
    { type: 'ollama', path: '/api/chat', baseURL: (stub) => `${stub.origin}/api` },
  ];

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

describe.each(TYPES)('the $type provider, a plain call against a local stub of its wire format', (path) => {
  let stub: OpenAIStubServer;
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;

  const open = (provider: Record<string, unknown> = {}) => {
    const entry = { type: path.type, baseURL: path.baseURL(stub), apiKeyEnv: 'STUB_KEY', ...provider };
    project = testProject({ providers: { stub: entry } });
    registry = createModelRegistry(project, cleanEnv({ STUB_KEY: KEY }), {
      db: openDatabase(':memory:'),
      retry: FAST_RETRY,
    });
    return registry.get('stub:tiny');
  };

  beforeEach(async () => {
    stub = await startOpenAIStubServer();
  });
  afterEach(async () => {
    await registry?.close();
    project?.dispose();
    await stub.close();
  });

  it('answers with the text, usage and finish reason, sending the key to its path', async () => {
    const model = await open();
    stub.script({ text: 'Bonjour !', usage: { promptTokens: 11, completionTokens: 3 } });
    const result = await model.generate(request('hello', { temperature: 0.2, maxTokens: 50 }));
    expect(result).toMatchObject({ text: 'Bonjour !', finishReason: 'stop', cached: false });
    expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 3 });
    const sent = stub.requests[0]!;
    expect(sent.path).toBe(path.path);
    if (path.key !== undefined) expect(String(sent.headers[path.key])).toContain(KEY);
  });

  it('sends the body generateText sends for the same call', async () => {
    const model = await open();
    const params = { temperature: 0.3, maxTokens: 40, topP: 0.9, stop: ['END'], seed: 5 };
    await model.generate(request('same body', params));
    const sdk = SDK_PROVIDERS[path.type];
    const settings = { name: 'stub', baseURL: path.baseURL(stub), apiKey: KEY, headers: undefined };
    await generateText({
      model: sdk.create(settings)('tiny'),
      messages: request('same body').messages,
      allowSystemInMessages: true,
      maxRetries: 0,
      temperature: 0.3,
      maxOutputTokens: 40,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 5,
      providerOptions: sdk.providerOptions?.(params),
    });
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[0]!.body).toEqual(stub.requests[1]!.body);
  });

  it('retries a 500, then succeeds', async () => {
    const model = await open();
    stub.script({ status: 500 }, { text: 'recovered' });
    expect((await model.generate(request('hi'))).text).toBe('recovered');
    expect(stub.requestCount).toBe(2);
  });

  it('waits out a 429, then succeeds', async () => {
    const model = await open();
    stub.script({ status: 429, headers: { 'retry-after': '0' } }, { text: 'finally' });
    expect((await model.generate(request('hi'))).text).toBe('finally');
    expect(stub.requestCount).toBe(2);
  });

  it('never retries a 401, and names the key variable without showing the key', async () => {
    const model = await open();
    stub.script({ status: 401, errorMessage: `bad key ${KEY}` });
    const error = await failure(model.generate(request('hi')));
    expect(error.code).toBe('PROVIDER_AUTH');
    expect(JSON.stringify({ ...error.toJSON(), text: error.describe() })).not.toContain('SECRET');
    expect(stub.requestCount).toBe(1);
  });

  it('reports a body that is never JSON as PROVIDER_BAD_RESPONSE after its retries', async () => {
    const model = await open({ maxRetries: 1 });
    stub.script({ rawBody: '{"cut off' }, { rawBody: '{"cut off' });
    const error = await failure(model.generate(request('hi')));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(stub.requestCount).toBe(2);
  });

  it('retries a connection reset, then succeeds', async () => {
    const model = await open();
    stub.script({ reset: true }, { text: 'after a reset' });
    expect((await model.generate(request('hi'))).text).toBe('after a reset');
    expect(stub.requestCount).toBe(2);
  });

  it('times out a server that hangs', async () => {
    const model = await open({ maxRetries: 0 });
    stub.script({ hang: true });
    const error = await failure(model.generate(request('hi', { timeoutMs: 150 })));
    expect(error).toMatchObject({ code: 'PROVIDER_TIMEOUT', retryable: true });
  });
});
