// An optimization's process holds it by a heartbeat, as a run's does: one killed with kill -9 is
// shown as interrupted; a second --resume of one still alive is refused; one stopped past its lease
// is taken over, and the stopped one, on waking, stops at once.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { PLUME_BIN, runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

/** A lease of 0.6 s (a heartbeat every 0.2 s), the same for every process. */
const ENV = bareEnv({ PLUME_LEASE_SECONDS: '0.6' });

let project: TempProject | undefined;
let server: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await server?.close();
  server = undefined;
});

function spawnPlume(root: string, args: string[]) {
  const child = spawn(process.execPath, [PLUME_BIN, ...args], {
    cwd: root,
    env: { ...process.env, ...ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, output };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function status(root: string, id: string): Promise<string> {
  const shown = await runCli(root, ['optimizations', id, '--json'], ENV);
  return JSON.parse(shown.stdout).status as string;
}

describe('an optimization’s process', () => {
  it('killed with kill -9 leaves it interrupted; a live one refuses a second resume; a stale one is taken over', async () => {
    server = await startOpenAIStubServer({ latencyMs: 20, respond: () => ({ text: 'positive' }) });
    project = createTempProject(
      { 'classify.prompt': 'Label: {{input}}\n' },
      `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
    );
    const tests = Array.from({ length: 120 }, (_, index) => ({ vars: { input: `review ${index}` } }));
    writeFileSync(join(project.root, 'tests.jsonl'), tests.map((test) => JSON.stringify(test)).join('\n'));
    project.write(
      'plume.suite.yaml',
      "prompts: [classify]\nmodels: ['stub:tiny']\ndefaultTest: { assert: [{ type: equals, value: positive }] }\ntests: file://tests.jsonl\n",
    );
    const root = project.root;

    // kill -9: nothing records an end; its heartbeat alone tells it is gone.
    const killed = spawnPlume(root, [
      'optimize',
      'classify',
      '--strategies',
      'edits',
      '--budget-calls',
      '600',
      '--no-save',
    ]);
    await waitFor(() => server!.requestCount >= 20, 'the first calls');
    killed.child.kill('SIGKILL');
    await killed.exited;
    const id = /optimization (opt-\S+)/.exec(killed.output.stderr)?.[1];
    expect(id).toBeDefined();
    expect(await status(root, id!)).toBe('interrupted');
    const listed = await runCli(root, ['optimizations'], ENV);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+interrupted\\s+classify@`));
    const shown = await runCli(root, ['optimizations', id!], ENV);
    expect(shown.stdout).toContain(`continue it with plume optimize --resume ${id}`);

    // One resume takes it over; a second one, while the first is alive, is refused at once.
    const resumed = spawnPlume(root, ['optimize', '--resume', id!, '--no-save']);
    let calls = server.requestCount;
    await waitFor(() => server!.requestCount >= calls + 10, 'the resume to call');
    expect(await status(root, id!)).toBe('running');
    const refused = await runCli(root, ['optimize', '--resume', id!, '--no-save'], ENV);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `error: optimization ${id} is being run by process ${resumed.child.pid} on ${hostname()}`,
    );
    expect(refused.stderr).toContain(`kill ${resumed.child.pid}`);

    // Stopped past its lease: a third process takes it over; the stopped one, on waking, stops.
    process.kill(resumed.child.pid!, 'SIGSTOP');
    await pause(1000);
    const takeover = spawnPlume(root, ['optimize', '--resume', id!, '--no-save', '--json']);
    calls = server.requestCount;
    await waitFor(() => server!.requestCount >= calls + 10, 'the takeover to call');
    process.kill(resumed.child.pid!, 'SIGCONT');
    expect(await resumed.exited).toBe(5);
    expect(resumed.output.stderr).toContain(
      `error: another plume process took over optimization ${id} (process ${takeover.child.pid} on ${hostname()}); this one stopped; nothing was lost`,
    );
    expect(await status(root, id!)).toBe('running');

    expect(await takeover.exited).toBe(0);
    const report = JSON.parse(takeover.output.stdout);
    expect(report.id).toBe(id);
    expect(report.spent.calls).toBeLessThanOrEqual(600);
    expect(await status(root, id!)).toBe('finished');
  }, 90_000);
});
