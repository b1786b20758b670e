import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { isLoopbackHost, webhookHostAllowed } from '../../../src/eval/assertions/webhook-hosts.ts';
import { check } from './cell-context.ts';

let server: Server;
let base: string;
const received: unknown[] = [];

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = JSON.parse(await bodyOf(request)) as { output: string };
    received.push(body);
    if (request.url === '/grade') {
      const pass = body.output.includes('yes');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ pass, score: pass ? 0.9 : 0.1, reason: pass ? 'said yes' : 'no yes' }));
    } else if (request.url === '/bare') {
      response.end('{"pass": true}');
    } else if (request.url === '/redirect') {
      response.writeHead(302, { location: 'http://example.com/' }).end();
    } else if (request.url === '/slow') {
      setTimeout(() => response.end('{"pass": true}'), 2000);
    } else {
      response.writeHead(500).end('oops');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('webhook', () => {
  it('posts the output and context, and reads pass, score and reason back', async () => {
    const result = await check({ type: 'webhook', value: `${base}/grade` }, 'oh yes', {
      vars: { a: 1 },
      prompt: 'Q?',
    });
    expect(result).toMatchObject({ pass: true, score: 0.9, reason: 'said yes' });
    expect(received.at(-1)).toEqual({ output: 'oh yes', context: { prompt: 'Q?', vars: { a: 1 } } });
    expect(await check({ type: 'not-webhook', value: `${base}/grade` }, 'nope')).toMatchObject({
      pass: true,
    });
    expect(await check({ type: 'webhook', value: `${base}/bare` }, 'x')).toMatchObject({
      pass: true,
      score: 1,
    });
  });

  it('is undecided when the call fails, redirects or takes too long', async () => {
    expect((await check({ type: 'webhook', value: `${base}/broken` }, 'x')).reason).toBe(
      'the webhook answered HTTP 500',
    );
    expect(await check({ type: 'webhook', value: `${base}/redirect` }, 'x')).toMatchObject({ error: true });
    const slow = await check({ type: 'webhook', value: `${base}/slow`, config: { timeoutMs: 200 } }, 'x');
    expect(slow.reason).toBe('the webhook did not answer within 200 ms');
  });

  it('calls other hosts only when the person running plume lists them', async () => {
    const remote = await check({ type: 'webhook', value: 'https://grader.example.com/check' }, 'x');
    expect(remote).toMatchObject({ error: true });
    expect(remote.reason).toMatch(/grader\.example\.com is not allowed.*PLUME_WEBHOOK_HOSTS/);
    expect(
      webhookHostAllowed('grader.example.com', { PLUME_WEBHOOK_HOSTS: 'a.test, Grader.Example.com' }),
    ).toBe(true);
    expect(webhookHostAllowed('evil.com', { PLUME_WEBHOOK_HOSTS: 'grader.example.com' })).toBe(false);
    expect(['localhost', '127.0.0.9', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.evil.com', '10.0.0.1', '128.0.0.1'].some(isLoopbackHost)).toBe(false);
  });

  it('needs an http(s) URL', () => {
    expect(() => compileAssertions([{ type: 'webhook', value: 'ftp://x' }])).toThrow(/not an http\(s\) URL/);
    expect(() => compileAssertions([{ type: 'webhook' }])).toThrow(/URL/);
  });
});
