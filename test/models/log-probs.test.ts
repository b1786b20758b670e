import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRegistry } from '../../src/models/registry.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.ts';
import { type OpenAIStubServer, startOpenAIStubServer, stubLogProbs } from '../helpers/openai-stub-server.ts';
import { cleanEnv, FAST_RETRY, testProject } from './test-project.ts';

describe('token log-probabilities', () => {
  let stub: OpenAIStubServer;
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;
  let db: SqliteDatabase;

  beforeEach(async () => {
    stub = await startOpenAIStubServer({ respond: () => ({ text: 'a likely answer' }) });
    project = testProject({
      providers: {
        plain: { type: 'openai-compatible', baseURL: stub.baseURL, maxRetries: 0 },
        sdk: { type: 'openai', baseURL: stub.baseURL, apiKeyEnv: 'STUB_KEY', maxRetries: 0 },
      },
    });
    db = openDatabase(project.storePath);
    registry = createModelRegistry(project, cleanEnv({ STUB_KEY: 'sk-stub' }), { db, retry: FAST_RETRY });
  });
  afterEach(async () => {
    await registry.close();
    db.close();
    project.dispose();
    await stub.close();
  });

  it('are asked with logprobs and read back on the plain path and through the AI SDK, and cached with the answer', async () => {
    const request = { messages: [{ role: 'user' as const, content: 'q' }], params: { logprobs: true } };
    for (const ref of ['plain:m', 'sdk:m']) {
      const model = await registry.get(ref);
      const answer = await model.generate(request);
      expect(answer.logProbs, ref).toEqual(stubLogProbs('a likely answer'));
      expect(stub.requests.at(-1)!.body.logprobs, ref).toBe(true);
      const again = await model.generate(request);
      expect(again.cached, ref).toBe(true);
      expect(again.logProbs, ref).toEqual(answer.logProbs);
    }
    // Not asked: none sent, none returned.
    const plain = await (await registry.get('plain:m')).generate({ ...request, params: {} });
    expect(plain.logProbs).toBeUndefined();
    expect(stub.requests.at(-1)!.body.logprobs).toBeUndefined();
  });
});
