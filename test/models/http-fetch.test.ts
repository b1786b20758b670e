import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpFetch } from '../../src/models/providers/http-fetch.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';

const chat = JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'hi' }] });

async function readAll(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  for (let part = await reader.read(); !part.done; part = await reader.read()) parts.push(part.value);
  reader.releaseLock();
  return Buffer.concat(parts).toString('utf8');
}

describe('httpFetch, the AI SDK fetch for calls that are not streamed', () => {
  let stub: OpenAIStubServer;
  beforeEach(async () => {
    stub = await startOpenAIStubServer();
  });
  afterEach(() => stub.close());

  it('sends the method, headers and body, and answers with status, headers and the whole body', async () => {
    const response = await httpFetch(`${stub.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'x-extra': 'yes' },
      body: chat,
    });
    expect(response).toMatchObject({ ok: true, status: 200 });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await readAll(response)).choices[0].message.content).toBe('echo: hi');
    expect(stub.requests[0]!.headers).toMatchObject({ authorization: 'Bearer k', 'x-extra': 'yes' });
    expect(stub.requests[0]!.body.model).toBe('tiny');
  });

  it('answers a non-2xx status as a response that is not ok, its headers listed', async () => {
    stub.script({ status: 429, headers: { 'retry-after': '3' } });
    const response = await httpFetch(`${stub.baseURL}/chat/completions`, { method: 'POST', body: chat });
    expect(response).toMatchObject({ ok: false, status: 429 });
    expect(Object.fromEntries([...response.headers])).toMatchObject({ 'retry-after': '3' });
    expect(JSON.parse(await response.text()).error.message).toBe('stub error 429');
  });

  it("throws a connection failure as fetch does: TypeError 'fetch failed', the socket's error as cause", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const error = await httpFetch(`http://127.0.0.1:${port}/v1/chat/completions`, { body: chat }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('rejects with the signal’s reason when the caller aborts', async () => {
    stub.script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopped by the test')), 30);
    await expect(
      httpFetch(`${stub.baseURL}/chat/completions`, { body: chat, signal: controller.signal }),
    ).rejects.toThrow('stopped by the test');
  });
});
