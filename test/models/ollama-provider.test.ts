import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelRegistry, type ModelRegistry } from '../../src/models/registry.ts';
import { openDatabase } from '../../src/store/database.ts';
import { cleanEnv, testProject } from './test-project.ts';

/** A stand-in for Ollama's native /api/chat: JSON, or NDJSON lines when streaming. */
function startOllamaStub(bodies: Record<string, unknown>[]): Promise<Server> {
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (part: Buffer) => {
      raw += part.toString();
    });
    request.on('end', () => {
      const body = JSON.parse(raw) as { model: string; stream?: boolean };
      bodies.push({ path: request.url, ...body });
      const base = { model: body.model, created_at: '2025-01-01T00:00:00Z' };
      const done = { ...base, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 2 };
      if (!body.stream) {
        response.end(JSON.stringify({ ...done, message: { role: 'assistant', content: 'hi there' } }));
        return;
      }
      for (const content of ['hi ', 'there']) {
        response.write(
          `${JSON.stringify({ ...base, done: false, message: { role: 'assistant', content } })}\n`,
        );
      }
      response.end(`${JSON.stringify({ ...done, message: { role: 'assistant', content: '' } })}\n`);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the Ollama provider', () => {
  const bodies: Record<string, unknown>[] = [];
  let server: Server;
  let registry: ModelRegistry;
  let project: ReturnType<typeof testProject>;

  beforeEach(async () => {
    bodies.length = 0;
    server = await startOllamaStub(bodies);
    project = testProject();
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    registry = createModelRegistry(project, cleanEnv({ OLLAMA_HOST: host }), {
      db: openDatabase(':memory:'),
    });
  });
  afterEach(async () => {
    await registry.close();
    project.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends sampling settings where Ollama reads them, and keeps the model tag', async () => {
    const model = await registry.get('ollama:llama3.2:3b');
    const params = { temperature: 0, seed: 42, stop: ['\n\n'], maxTokens: 64, topK: 20 };
    const result = await model.generate({ messages: [{ role: 'user', content: 'hello' }], params });
    expect(result).toMatchObject({ text: 'hi there', modelId: 'ollama:llama3.2:3b', costUsd: 0 });
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 2 });
    expect(bodies[0]).toMatchObject({
      path: '/api/chat',
      model: 'llama3.2:3b',
      options: { temperature: 0, seed: 42, stop: ['\n\n'], num_predict: 64, top_k: 20 },
    });
  });

  it('streams NDJSON deltas that concatenate to the final text', async () => {
    const model = await registry.get('ollama:llama3.2:3b');
    const deltas: string[] = [];
    let final = '';
    for await (const event of model.stream({ messages: [{ role: 'user', content: 'hello' }], params: {} })) {
      if (event.type === 'text') deltas.push(event.text);
      else final = event.result.text;
    }
    expect(deltas).toEqual(['hi ', 'there']);
    expect(final).toBe('hi there');
  });
});
