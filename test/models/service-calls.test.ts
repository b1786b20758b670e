import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRegistry } from '../../src/models/registry.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.ts';
import {
  type OpenAIStubServer,
  startOpenAIStubServer,
  stubEmbedding,
} from '../helpers/openai-stub-server.ts';
import { cleanEnv, testProject } from './test-project.ts';

const KEY = 'sk-services-test-1a2b3c4d5e6f-DO-NOT-SHOW';

describe("providers' embeddings and moderations", () => {
  let stub: OpenAIStubServer;
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;
  let db: SqliteDatabase;

  const open = (config: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = { STUB_KEY: KEY }) => {
    project = testProject({
      providers: {
        stub: { type: 'openai-compatible', baseURL: stub.baseURL, apiKeyEnv: 'STUB_KEY', maxRetries: 0 },
        claude: { type: 'anthropic' },
      },
      prices: { 'stub:emb': { input: 1_000_000, output: 0 } },
      ...config,
    });
    db = openDatabase(project.storePath);
    registry = createModelRegistry(project, cleanEnv(env), { db });
  };
  const costs = () =>
    db.prepare('SELECT model_id, cached, input_tokens, cost_usd FROM call_log ORDER BY id').all() as {
      model_id: string;
      cached: number;
      input_tokens: number;
      cost_usd: number;
    }[];

  beforeEach(async () => {
    stub = await startOpenAIStubServer();
  });
  afterEach(async () => {
    await registry.close();
    db.close();
    project.dispose();
    await stub.close();
  });

  it('embeds through <baseURL>/embeddings with the key, keeps each text once, and logs the cost', async () => {
    open();
    const [a, b] = await registry.embed('stub:embedding:emb', ['red apples', 'green pears']);
    expect(Array.from(a!)).toEqual(stubEmbedding('red apples').map((value) => Math.fround(value)));
    expect(b).toHaveLength(16);
    expect(stub.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'emb' } });
    expect(stub.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    // One text kept, one new: only the new one is sent.
    await registry.embed('stub:emb', ['red apples', 'blue plums']);
    expect(stub.requests[1]!.body.input).toEqual(['blue plums']);
    registry.flush();
    const paid = costs().filter((row) => row.cached === 0);
    expect(paid.map((row) => [row.model_id, row.input_tokens, row.cost_usd])).toEqual([
      ['stub:emb', 4, 4],
      ['stub:emb', 2, 2],
    ]);
    expect(costs().some((row) => row.cached === 1)).toBe(true);
  });

  it('reads the flagged categories of a moderation', async () => {
    open();
    expect(await registry.moderate('stub:moderation:omni', 'calm words')).toEqual([]);
    expect(await registry.moderate('stub:moderation:omni', 'hate and violence')).toEqual([
      'hate',
      'violence',
    ]);
    expect(stub.requests[1]).toMatchObject({ path: '/v1/moderations', body: { model: 'omni' } });
  });

  it('says what cannot be asked: another kind of provider, a missing key; a provider error keeps no key', async () => {
    open();
    await expect(registry.embed('claude:embedding:x', ['a'])).rejects.toThrow(/offers no embeddings/);
    await registry.close();
    db.close();
    open({}, {});
    await expect(registry.embed('stub:embedding:emb', ['a'])).rejects.toThrow(/STUB_KEY is not set/);
    await registry.close();
    db.close();
    open();
    stub.script({ status: 401, errorMessage: `Incorrect API key provided: ${KEY}` });
    const error = await registry.embed('stub:embedding:emb', ['a']).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH' });
    expect(String((error as Error).message)).not.toContain(KEY);
  });
});
