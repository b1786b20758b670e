import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { PLUME_BIN } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const SUITE = `prompts: [greet, wave]
models: ['echo:default']
tests:
  - vars: { name: Ada }
    assert: [{ type: contains, value: Ada }]
  - vars: { name: Bob }
    assert: [{ type: contains, value: hello }]
`;

let project: TempProject;
let client: Client;

/** A tool's answer: its JSON, and whether it is an error. */
async function call(name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as {
    content: { type: string; text: string }[];
    isError?: boolean;
  };
  return { json: JSON.parse(result.content[0]!.text), isError: result.isError === true };
}

beforeAll(async () => {
  project = createTempProject({
    'greet.prompt': '---\ndescription: Greets someone by name\n---\nSay hello to {{name}}.\n',
    'wave.prompt': '---\ndescription: Waves\n---\nWave at {{name}}; you are {{mood.word}}.\n',
  });
  project.write('plume.suite.yaml', SUITE);
  // The real server process, started as an agent starts it.
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [PLUME_BIN, 'mcp'],
    cwd: project.root,
    env: { ...(process.env as Record<string, string>), ...(bareEnv() as Record<string, string>) },
    stderr: 'pipe',
  });
  client = new Client({ name: 'plume-test', version: '1.0.0' });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  project?.cleanup();
});

describe('plume mcp', () => {
  it('lists its tools, marking the ones that spend', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['list_prompts', 'render_prompt', 'run_prompt', 'run_suite', 'compare_runs']),
    );
    const runSuite = tools.find((tool) => tool.name === 'run_suite')!;
    expect(runSuite.annotations?.readOnlyHint).toBe(false);
    expect(runSuite.inputSchema.required).toContain('maxCalls');
    expect(tools.find((tool) => tool.name === 'render_prompt')!.annotations?.readOnlyHint).toBe(true);
  });

  it('lists, searches, shows and renders library prompts as plume --json prints them', async () => {
    const listed = await call('list_prompts');
    expect(listed.json.prompts.map((prompt: { name: string }) => prompt.name).sort()).toEqual([
      'greet',
      'wave',
    ]);
    const found = await call('list_prompts', { query: 'greets' });
    expect(JSON.stringify(found.json)).toContain('greet');
    const rendered = await call('render_prompt', {
      prompt: 'wave',
      vars: { name: 'Ada', mood: { word: 'glad' } },
    });
    expect(rendered.isError).toBe(false);
    expect(rendered.json.sent).toEqual([{ role: 'user', content: 'Wave at Ada; you are glad.' }]);
  });

  it('takes variables as values, never as files to read', async () => {
    const secretFile = join(tmpdir(), `plume-mcp-secret-${process.pid}.txt`);
    writeFileSync(secretFile, 'the secret text');
    const rendered = await call('render_prompt', { prompt: 'greet', vars: { name: `@${secretFile}` } });
    expect(rendered.json.sent[0].content).toBe(`Say hello to @${secretFile}.`);
    // A prompt is a library reference, not a path.
    const byPath = await client.callTool({
      name: 'render_prompt',
      arguments: { prompt: '../../etc/passwd' },
    });
    expect(byPath.isError).toBe(true);
  });

  it('runs a prompt, and a suite within its budget, and compares two runs', async () => {
    const ran = await call('run_prompt', { prompt: 'greet', vars: { name: 'Cy' }, model: 'echo:default' });
    expect(ran.isError).toBe(false);
    expect(ran.json.text).toContain('Say hello to Cy.');
    const refused = await call('run_suite', { maxCalls: 3 });
    expect(refused.isError).toBe(true);
    expect(refused.json.error.message).toContain('would make 4 model calls');
    // Refused before any call: no run was made.
    expect((await call('list_runs')).json).toEqual([]);
    const first = await call('run_suite', { maxCalls: 4 });
    expect(first.isError).toBe(false);
    expect(first.json.totals).toMatchObject({ cells: 4 });
    const second = await call('run_suite', { suite: 'plume.suite.yaml', maxCalls: 4 });
    const compared = await call('compare_runs', { before: first.json.runId, after: second.json.runId });
    expect(compared.json).toMatchObject({ before: first.json.runId, after: second.json.runId });
    const shown = await call('show_run', { run: second.json.runId });
    expect(shown.json.id).toBe(second.json.runId);
    expect((await call('list_runs', { limit: 1 })).json.map((run: { id: string }) => run.id)).toEqual([
      second.json.runId,
    ]);
  });

  it('answers a failing command with its error, and refuses a suite outside the project', async () => {
    const missing = await call('show_prompt', { prompt: 'nowhere' });
    expect(missing.isError).toBe(true);
    expect(missing.json.error.code).toBe('PROMPT_NOT_FOUND');
    const outside = await call('estimate_suite', { suite: '/etc/hostname' });
    expect(outside.isError).toBe(true);
    expect(outside.json.error.message).toMatch(/outside the project|no suite file/);
  });
});
