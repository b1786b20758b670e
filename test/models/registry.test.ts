import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/models/middleware/cache-middleware.ts';
import { BUILTIN_PRICES, priceFor } from '../../src/models/prices.ts';
import { renderEcho } from '../../src/models/providers/echo.ts';
import { createModelRegistry, type ModelRegistry } from '../../src/models/registry.ts';
import { resolveProvider } from '../../src/models/resolve-provider.ts';
import { CacheStore } from '../../src/store/cache-store.ts';
import { openDatabase } from '../../src/store/database.ts';
import { cleanEnv, testProject } from './test-project.ts';

describe('the model registry', () => {
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;
  const open = (config: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) => {
    project = testProject(config);
    registry = createModelRegistry(project, cleanEnv(env), { db: openDatabase(':memory:') });
    return registry;
  };
  afterEach(async () => {
    await registry.close();
    project.dispose();
  });

  it('refuses a reference without a provider, listing the known ones', async () => {
    const error = await open({
      providers: { groq: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:1/v1' } },
    })
      .get('gpt4')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MODEL_REF_INVALID', category: 'user' });
    expect((error as { hint: string }).hint).toMatch(
      /openai, anthropic, google, mistral, .*ollama, local, echo, sim, groq/,
    );
  });

  it('says which models answer at a cost worth keeping (cached, or journaled by a run without the cache)', async () => {
    open({ providers: { stub: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:1/v1' } } });
    expect((await registry.get('stub:tiny')).cacheable).toBe(true);
    expect((await registry.get('echo')).cacheable).toBe(false);
    expect((await registry.get('sim')).cacheable).toBe(false);
  });

  it('refuses an unknown provider, listing the known ones', async () => {
    await expect(open().get('nope:model')).rejects.toMatchObject({
      code: 'MODEL_REF_INVALID',
      message: "unknown provider 'nope'",
      hint: expect.stringContaining('openai, anthropic'),
    });
  });

  it('names the variable of a missing key, never a value', async () => {
    const error = await open(
      { providers: { openai: { apiKeyEnv: 'MY_OPENAI_KEY' } } },
      { OPENAI_API_KEY: 'sk-x' },
    )
      .get('openai:gpt-4o')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE', category: 'user' });
    expect((error as Error).message).toContain('MY_OPENAI_KEY');
    expect((error as Error).message).not.toContain('sk-x');
  });

  it('reports an incomplete provider entry of plume.yaml as a config error', async () => {
    await expect(
      open({ providers: { mine: { baseURL: 'http://127.0.0.1:1/v1' } } }).get('mine:m'),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'providers.mine has no type',
    });
  });

  it('picks the configured default model first', async () => {
    expect(await open({ defaultModel: 'echo:x' }, { OPENAI_API_KEY: 'sk-x' }).defaultModelRef()).toBe(
      'echo:x',
    );
  });

  it('else picks the first hosted provider whose key is set', async () => {
    expect(await open({}, { MISTRAL_API_KEY: 'm', ANTHROPIC_API_KEY: 'a' }).defaultModelRef()).toBe(
      'anthropic:claude-haiku-4-5',
    );
  });

  it('else says how to get a model', async () => {
    const error = await open()
      .defaultModelRef()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    expect((error as { hint: string }).hint).toMatch(/OPENAI_API_KEY.*PLUME_LOCAL_MODEL=.*download/);
  });

  it('gives back the same model for the same reference and parameters', async () => {
    const registry = open();
    const first = await registry.get('echo:a');
    expect(await registry.get('echo:a')).toBe(first);
    expect(await registry.get({ provider: 'echo', model: 'a', params: { temperature: 1 } })).not.toBe(first);
    expect((await registry.get('echo')).id).toBe('echo:default');
  });

  it('merges project defaults, model parameters and request parameters, the request last', async () => {
    const registry = open({ defaults: { temperature: 0.3, maxTokens: 100 } });
    const model = await registry.get({ provider: 'echo', model: 'a', params: { maxTokens: 5, seed: 1 } });
    expect(model.ref.params).toEqual({ temperature: 0.3, maxTokens: 5, seed: 1 });
  });

  it('echo answers with the rendered prompt and approximate token counts', async () => {
    const model = await open().get('echo:test');
    expect(model.usageAccuracy).toBe('approximate');
    const one = await model.generate({ messages: [{ role: 'user', content: 'Hello there' }], params: {} });
    expect(one).toMatchObject({
      text: 'Hello there',
      costUsd: 0,
      cached: false,
      usage: { inputTokens: 3, outputTokens: 3 },
    });
    const messages = [
      { role: 'system' as const, content: 'Be kind.' },
      { role: 'user' as const, content: 'Hi' },
    ];
    expect(renderEcho(messages)).toBe('system: Be kind.\nuser: Hi');
    let streamed = '';
    let deltas = 0;
    for await (const event of model.stream({ messages, params: {} })) {
      if (event.type === 'text') {
        streamed += event.text;
        deltas++;
      } else expect(event.result.text).toBe(streamed);
    }
    expect(streamed).toBe('system: Be kind.\nuser: Hi');
    expect(deltas).toBeGreaterThan(1);
  });

  it('lists every provider with what it needs, naming variables but never showing keys', async () => {
    const statuses = await open(
      {
        providers: {
          vllm: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_KEY' },
        },
      },
      { OPENAI_API_KEY: 'sk-listed-secret' },
    ).list();
    const byName = Object.fromEntries(statuses.map((status) => [status.name, status]));
    expect(Object.keys(byName)).toEqual([
      'openai',
      'anthropic',
      'google',
      'mistral',
      'ollama',
      'local',
      'echo',
      'sim',
      'vllm',
    ]);
    expect(byName.openai).toMatchObject({ keySet: true, available: true, apiKeyEnv: 'OPENAI_API_KEY' });
    expect(byName.anthropic).toMatchObject({
      keySet: false,
      available: false,
      detail: 'ANTHROPIC_API_KEY is not set',
    });
    expect(byName.vllm).toMatchObject({
      configured: true,
      baseURL: 'http://127.0.0.1:8000/v1',
      keySet: false,
    });
    expect(byName.echo).toMatchObject({ available: true });
    expect(byName.ollama).toMatchObject({ available: true, baseURL: 'http://127.0.0.1:11434/api' });
    expect(JSON.stringify(statuses)).not.toContain('sk-listed-secret');
  });
});

// The shared folder sits next to the repository, here and in CI.
const TINY_MODEL = resolve(import.meta.dirname, '../../../shared/models/stories260K/stories260K.gguf');

describe.runIf(existsSync(TINY_MODEL))('the local provider through the registry', () => {
  it('runs the model PLUME_LOCAL_MODEL selects, behind the cache, at no cost', async () => {
    const project = testProject({ local: { threads: 1 } });
    const registry = createModelRegistry(project, cleanEnv({ PLUME_LOCAL_MODEL: TINY_MODEL }), {
      db: openDatabase(':memory:'),
    });
    try {
      expect(await registry.defaultModelRef()).toBe('local:stories260K');
      const model = await registry.get('local:default');
      expect(model.id).toBe('local:stories260K');
      const request = {
        messages: [{ role: 'user' as const, content: 'Once upon a time' }],
        params: { maxTokens: 8, temperature: 0 },
      };
      const first = await model.generate(request);
      expect(first).toMatchObject({ modelId: 'local:stories260K', costUsd: 0, cached: false });
      expect(first.usage.outputTokens).toBeGreaterThan(0);
      expect(await model.generate(request)).toMatchObject({ text: first.text, cached: true });
    } finally {
      await registry.close();
      project.dispose();
    }
  });

  it('does not cache an answer cut short by an abort: the next call generates it whole', async () => {
    const project = testProject({ local: { threads: 1 } });
    const registry = createModelRegistry(project, cleanEnv({ PLUME_LOCAL_MODEL: TINY_MODEL }), {
      db: openDatabase(':memory:'),
    });
    try {
      const model = await registry.get('local:default');
      const request = {
        messages: [{ role: 'user' as const, content: 'The cat' }],
        params: { maxTokens: 8, temperature: 0 },
      };
      const cut = await model.generate(request, { signal: AbortSignal.abort() });
      expect(cut).toMatchObject({ text: '', finishReason: 'abort', cached: false });
      const whole = await model.generate(request);
      expect(whole).toMatchObject({ cached: false, finishReason: 'length' });
      expect(whole.text.length).toBeGreaterThan(0);
      expect(await model.generate(request)).toMatchObject({ text: whole.text, cached: true });
    } finally {
      await registry.close();
      project.dispose();
    }
  });
});

describe('a local model answered from the cache', () => {
  it('is not loaded until a call misses the cache', async () => {
    const project = testProject({ local: { threads: 1 } });
    // Not a GGUF file: loading it fails, so an answer proves it was never loaded.
    const file = join(project.root, 'fake.gguf');
    writeFileSync(file, 'not a model');
    const db = openDatabase(':memory:');
    const registry = createModelRegistry(project, cleanEnv({ PLUME_LOCAL_MODEL: file }), { db });
    try {
      const model = await registry.get('local:default');
      expect(model.id).toBe('local:fake');
      const request = { messages: [{ role: 'user' as const, content: 'Once upon a time' }], params: {} };
      const stored = {
        text: 'there was a cache',
        usage: { inputTokens: 4, outputTokens: 4 },
        finishReason: 'stop',
      };
      new CacheStore(db).put(cacheKey('local', 'fake', request, 0), 'local:fake', stored, Date.now());
      expect(await model.generate(request)).toMatchObject({ text: 'there was a cache', cached: true });
      const miss = { ...request, messages: [{ role: 'user' as const, content: 'A miss' }] };
      await expect(model.generate(miss)).rejects.toThrow();
    } finally {
      await registry.close();
      project.dispose();
    }
  });
});

describe('providers and prices', () => {
  it('reads OLLAMA_HOST for the Ollama endpoint', () => {
    const project = testProject();
    expect(resolveProvider(project, { OLLAMA_HOST: '10.0.0.5:11434' }, 'ollama').baseURL).toBe(
      'http://10.0.0.5:11434/api',
    );
    project.dispose();
  });

  it('prices built-in models, dated snapshots, overrides and free providers', () => {
    const project = testProject({
      prices: { 'openai:gpt-4o': { input: 1, output: 2 }, 'groq:llama': { input: 0.05, output: 0.08 } },
    });
    const openai = resolveProvider(project, {}, 'openai');
    expect(priceFor(openai, 'gpt-4o-mini', {})).toEqual(BUILTIN_PRICES['openai:gpt-4o-mini']);
    expect(priceFor(openai, 'gpt-4o-mini-2024-07-18', {})).toEqual(BUILTIN_PRICES['openai:gpt-4o-mini']);
    expect(priceFor(openai, 'gpt-4o', project.config.prices)).toEqual({ input: 1, output: 2 });
    expect(priceFor(openai, 'unheard-of', {})).toBeUndefined();
    expect(priceFor(resolveProvider(project, {}, 'anthropic'), 'claude-3-5-haiku-latest', {})).toEqual({
      input: 0.8,
      output: 4,
    });
    expect(priceFor(resolveProvider(project, {}, 'ollama'), 'llama3.2', {})).toEqual({ input: 0, output: 0 });
    project.dispose();
  });
});
