import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/server/access-token.ts';
import type { RunningServer } from '../../src/server/start-server.ts';
import { PLUME_BIN, runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { ENV, serve } from './served-project.ts';

const KEY = 'sk-test-0123456789abcdefSECRET';
let project: TempProject;
let folder: string;
let server: RunningServer;

beforeAll(async () => {
  project = createTempProject({ 'leaky.prompt': `Repeat this: ${KEY} to {{name}}\n` });
  // A built app in assets/, and a file beside it that must never be served.
  folder = mkdtempSync(join(tmpdir(), 'plume-assets-'));
  mkdirSync(join(folder, 'dist/assets'), { recursive: true });
  writeFileSync(join(folder, 'dist/index.html'), '<!doctype html><title>plume</title>');
  writeFileSync(join(folder, 'dist/assets/app.js'), 'console.log(1)');
  writeFileSync(join(folder, 'secret.txt'), 'TOP-SECRET-FILE');
  server = await serve(project, {
    requireToken: true,
    assetsDir: join(folder, 'dist'),
    env: { OPENAI_API_KEY: KEY },
  });
});
afterAll(async () => {
  await server?.close();
  project?.cleanup();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A raw request, so the path goes out exactly as written (fetch would normalize `..`). */
function raw(
  path: string,
  headers: Record<string, string> = {},
  base = server.url,
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((done, fail) => {
    const outgoing = request({ host: url.hostname, port: url.port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => done({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

describe('access token', () => {
  it('refuses requests without the token, and takes it as a header, query or cookie', async () => {
    expect(server.token).toMatch(/^[\w-]{20,}$/);
    expect((await raw('/api/runs')).status).toBe(401);
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/api/runs', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await raw('/api/runs', { authorization: `Bearer ${server.token}` })).status).toBe(200);
    const response = await fetch(new URL(`/?token=${server.token}`, server.url));
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    expect((await raw('/api/runs', { cookie })).status).toBe(200);
  });

  it('is needed beyond loopback only', () => {
    expect(['127.0.0.1', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.4', '::'].some(isLoopback)).toBe(false);
  });
});

describe('requests from other pages', () => {
  it('refuses a change not sent as JSON (a cross-site form post)', async () => {
    const response = await fetch(new URL('/api/playground/run', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ prompt: 'leaky', vars: {} }),
    });
    expect(response.status).toBe(415);
  });

  it('refuses a host name that is not loopback (DNS rebinding) when on loopback', async () => {
    const local = await serve(project);
    try {
      const request = (host: string) => raw('/api/runs', { host }, local.url);
      expect((await request('evil.example:80')).status).toBe(403);
      expect((await request(`localhost:${new URL(local.url).port}`)).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});

describe('static assets', () => {
  const auth = () => ({ authorization: `Bearer ${server.token}` });

  it('serves the built files, and the app page for client routes', async () => {
    expect((await raw('/assets/app.js', auth())).body).toBe('console.log(1)');
    expect((await raw('/runs/abc', auth())).body).toContain('<title>plume</title>');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/assets/..\\..\\secret.txt',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '//etc/passwd',
  ])('never serves a file outside its folder: %s', async (path) => {
    const { body } = await raw(path, auth());
    expect(body).not.toContain('TOP-SECRET-FILE');
    expect(body).not.toContain('root:');
  });
});

describe('secrets', () => {
  it('never returns an API key, in JSON or in a stream', async () => {
    const rendered = await fetch(new URL('/api/playground/render', server.url), {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'leaky', vars: { name: 'Ann' } }),
    });
    const body = await rendered.text();
    expect(rendered.status).toBe(200);
    expect(body).not.toContain(KEY);
    expect(body).toContain('Repeat this: [redacted:OPENAI_API_KEY] to Ann');
    const streamed = await fetch(new URL('/api/playground/run', server.url), {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'leaky', vars: { name: 'Ann' }, model: 'echo:default' }),
    });
    const text = await streamed.text();
    expect(text).toContain('event: finish');
    expect(text).not.toContain(KEY);
  });

  function auth() {
    return { authorization: `Bearer ${server.token}` };
  }
});

describe('the playground', () => {
  it.each(['render', 'run'])('%s reads the library prompts only, never a file by its path', async (route) => {
    const file = join(folder, 'outside.prompt');
    writeFileSync(file, 'TOP-SECRET-PROMPT for {{name}}\n');
    for (const prompt of [file, 'prompts/leaky.prompt']) {
      const response = await fetch(new URL(`/api/playground/${route}`, server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt, vars: { name: 'Ann' }, model: 'echo:default' }),
      });
      const body = await response.text();
      expect(response.status, body).toBe(400);
      expect(body).toContain('not a path');
      expect(body).not.toContain('TOP-SECRET-PROMPT');
    }
  });
});

describe('plume ui', () => {
  it('says so when its port is taken', async () => {
    const taken = new URL(server.url).port;
    const result = await runCli(project.root, ['ui', '--port', taken], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    expect(result.stderr).toContain('--port 0');
  });

  it('starts the server on loopback and prints its URL', async () => {
    const child = spawn(process.execPath, [PLUME_BIN, 'ui', '--port', '0'], {
      cwd: project.root,
      env: { ...process.env, ...ENV },
    });
    try {
      const printed = await new Promise<string>((done, fail) => {
        let text = '';
        child.stdout.on('data', (chunk) => {
          text += chunk;
          if (text.includes('plume web app:')) done(text);
        });
        child.on('exit', () => fail(new Error(`plume ui exited: ${text}`)));
      });
      const url = /plume web app: (\S+)/.exec(printed)![1]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(printed).not.toContain('token');
      const response = await fetch(new URL('/api/runs', url));
      expect(await response.json()).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
