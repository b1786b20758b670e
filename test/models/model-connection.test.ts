import { afterAll, describe, expect, it } from 'vitest';
import { priceFor } from '../../src/models/prices.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import { resolveProvider, withConnection } from '../../src/models/resolve-provider.ts';
import { cleanEnv, testProject } from './test-project.ts';

const project = testProject();
afterAll(() => project.dispose());

describe('OpenAI-compatible services by name', () => {
  it('reach their own address with their own variable, unless plume.yaml names the provider', () => {
    const groq = resolveProvider(project, cleanEnv({ GROQ_API_KEY: 'gsk-test-1234' }), 'groq');
    expect(groq).toMatchObject({
      kind: 'openai-compatible',
      baseURL: 'https://api.groq.com/openai/v1',
      apiKeyEnv: 'GROQ_API_KEY',
      apiKey: 'gsk-test-1234',
    });
    const configured = testProject({
      providers: { groq: { type: 'openai-compatible', baseURL: 'http://x/v1' } },
    });
    expect(resolveProvider(configured, cleanEnv(), 'groq').baseURL).toBe('http://x/v1');
    configured.dispose();
  });
});

describe("promptfoo's ids where any reference is written", () => {
  it('name the model without their API part, and an API plume does not call is refused', async () => {
    const registry = createModelRegistry(project, cleanEnv({ OPENAI_API_KEY: 'sk-env-key-0000' }));
    expect((await registry.get('openai:chat:gpt-4o-mini')).id).toBe('openai:gpt-4o-mini');
    expect((await registry.get('ollama:chat:llama3.2:3b')).id).toBe('ollama:llama3.2:3b');
    await expect(registry.get('openai:completion:gpt-3.5-turbo-instruct')).rejects.toThrow(/completion API/);
    await registry.close();
  });
});

describe("a suite entry's own endpoint and key", () => {
  it('replace the provider settings for that entry, the key counted as a credential', () => {
    const openai = resolveProvider(project, cleanEnv({ OPENAI_API_KEY: 'sk-env-key-0000' }), 'openai');
    const connected = withConnection(
      openai,
      { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-entry-key-1111', headers: { 'X-T': 'hdr-value-2222' } },
      cleanEnv(),
    );
    expect(connected).toMatchObject({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-entry-key-1111' });
    expect(connected.headers).toEqual({ 'X-T': 'hdr-value-2222' });
    expect(connected.credentials.map((credential) => credential.value)).toEqual([
      'sk-entry-key-1111',
      'hdr-value-2222',
    ]);
    // The price is the model's, wherever it is reached.
    expect(priceFor(connected, 'gpt-4o-mini', {})).toEqual({ input: 0.15, output: 0.6 });
  });

  it('read the key from the variable the entry names', () => {
    const openai = resolveProvider(project, cleanEnv(), 'openai');
    const connected = withConnection(openai, { apiKeyEnv: 'MY_KEY' }, cleanEnv({ MY_KEY: 'sk-mine-3333' }));
    expect(connected).toMatchObject({ apiKeyEnv: 'MY_KEY', apiKey: 'sk-mine-3333' });
    const fromEnv = withConnection(openai, { baseURLEnv: 'BASE' }, cleanEnv({ BASE: 'http://h:1/v1' }));
    expect(fromEnv.baseURL).toBe('http://h:1/v1');
  });

  it("make a model of the registry that is told apart from the provider's own, its key redacted", async () => {
    const registry = createModelRegistry(project, cleanEnv({ OPENAI_API_KEY: 'sk-env-key-0000' }));
    const own = await registry.get('openai:gpt-4o-mini');
    const connection = { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-entry-key-4444' };
    const entry = await registry.get({ provider: 'openai', model: 'gpt-4o-mini', params: {}, connection });
    expect(entry).not.toBe(own);
    expect(entry.id).toBe('openai:gpt-4o-mini');
    expect(registry.secrets.redact('key sk-entry-key-4444')).not.toContain('sk-entry-key-4444');
    await registry.close();
  });

  it('have their answers cached apart when they reach another endpoint, whatever the key', () => {
    const registry = createModelRegistry(project, cleanEnv({ OPENAI_API_KEY: 'sk-env-key-0000' }));
    const request = { messages: [{ role: 'user' as const, content: 'hi' }], params: {} };
    const keyOf = (connection?: { baseURL?: string; apiKey?: string }) =>
      registry.cacheKeyer({
        provider: 'openai',
        model: 'gpt-4o-mini',
        params: {},
        ...(connection ? { connection } : {}),
      })?.(request, 0);
    const stub = keyOf({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-one-00001' });
    expect(stub).toBeDefined();
    expect(stub).not.toBe(keyOf());
    expect(keyOf({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-two-00002' })).toBe(stub);
    expect(keyOf({ apiKey: 'sk-two-00002' })).toBe(keyOf());
  });
});
