import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const STORIES = resolve(REPO_ROOT, '../shared/models/stories260K/stories260K.gguf');

const GREETING = `---
config:
  temperature: 0
  maxOutputTokens: 24
input:
  schema:
    name: string
---
{{role "system"}}
Be brief.
{{role "user"}}
Say hello to {{name}}.
`;

describe('plume run', () => {
  let project: TempProject;
  let server: OpenAIStubServer;

  beforeAll(async () => {
    server = await startOpenAIStubServer({ respond: () => ({ text: 'Hello there, Ada!' }) });
  });
  afterAll(() => server.close());
  afterEach(() => project?.cleanup());

  it('streams an answer from an OpenAI-compatible server, then tokens, cost and latency', async () => {
    project = createTempProject(
      { 'greet.prompt': GREETING },
      `providers:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n    apiKeyEnv: STUB_KEY\nprices:\n  "stub:tiny": { input: 1, output: 2 }\n`,
    );
    const before = server.requestCount;
    const result = await runCli(
      project.root,
      ['run', 'greet', '--var', 'name=Ada', '-m', 'stub:tiny'],
      bareEnv({ STUB_KEY: 'sk-test-secret' }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Hello there, Ada!\n');
    expect(result.stderr).toMatch(/greet@[0-9a-f]{8} · stub:tiny · \d+ in \/ \d+ out · \$0\.\d{6} · \d+ ms/);
    expect(server.requestCount).toBe(before + 1);
    const request = server.requests.at(-1)!;
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello to Ada.' },
    ]);
    expect(request.body.temperature).toBe(0);
  });

  it('serves the same call from the cache the second time, and --json reports it', async () => {
    project = createTempProject(
      { 'greet.prompt': GREETING },
      `providers:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
    );
    const args = ['run', 'greet', '--var', 'name=Grace', '-m', 'stub:tiny', '--json'];
    const first = JSON.parse((await runCli(project.root, args, bareEnv())).stdout);
    const count = server.requestCount;
    const second = JSON.parse((await runCli(project.root, args, bareEnv())).stdout);
    expect(server.requestCount).toBe(count);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.text).toBe(first.text);
    expect(second.prompt).toBe('greet');
    await runCli(project.root, [...args, '--refresh'], bareEnv());
    expect(server.requestCount).toBe(count + 1);
  });

  it('runs the real local model, the same answer twice at temperature 0', async () => {
    project = createTempProject(
      { 'story.prompt': '---\nconfig:\n  temperature: 0\n  maxOutputTokens: 16\n---\nOnce upon a time' },
      'local:\n  threads: 1\n',
    );
    const env = bareEnv({ PLUME_LOCAL_MODEL: STORIES });
    const first = await runCli(project.root, ['run', 'story', '--no-cache', '--json'], env);
    const second = await runCli(project.root, ['run', 'story', '--no-cache', '--json'], env);
    expect(first.code).toBe(0);
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    expect(a.modelId).toBe('local:stories260K');
    expect(a.text.length).toBeGreaterThan(0);
    expect(a.text).toBe(b.text);
    expect(a.usage.outputTokens).toBeLessThanOrEqual(16);
  });

  it('says plainly when no model is available, and shows the rendered prompt through echo', async () => {
    project = createTempProject({ 'greet.prompt': GREETING });
    const result = await runCli(project.root, ['run', 'greet', '--var', 'name=Ada'], bareEnv());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no model available');
    expect(result.stderr).toContain('NOT a model');
    expect(result.stdout).toContain('Say hello to Ada.');
  });

  it('fails with the provider exit code and no secret when the server refuses the key', async () => {
    const refusing = await startOpenAIStubServer({
      respond: () => ({ status: 401, errorMessage: 'bad key sk-test-secret' }),
    });
    try {
      project = createTempProject(
        { 'greet.prompt': GREETING },
        `providers:\n  stub:\n    type: openai-compatible\n    baseURL: ${refusing.baseURL}\n    apiKeyEnv: STUB_KEY\n`,
      );
      const result = await runCli(
        project.root,
        ['run', 'greet', '--var', 'name=Ada', '-m', 'stub:x'],
        bareEnv({ STUB_KEY: 'sk-test-secret' }),
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr + result.stdout).not.toContain('sk-test-secret');
    } finally {
      await refusing.close();
    }
  });

  it('reports a missing variable as a user error', async () => {
    project = createTempProject({ 'greet.prompt': GREETING });
    const result = await runCli(project.root, ['run', 'greet', '-m', 'echo'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name');
    expect(existsSync(join(project.root, '.plume'))).toBe(true);
  });
});
