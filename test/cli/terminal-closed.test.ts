// A terminal closed under a running plume (SIGHUP, then EIO on every write to it) stops the work
// as SIGHUP says, quietly, instead of dying on the write with an uncaught error.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { PLUME_BIN, REPO_ROOT } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
let server: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await server?.close();
  server = undefined;
});

const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasPython)('plume on a terminal that closes', () => {
  it('exits 129 with the run stored as interrupted', async () => {
    server = await startOpenAIStubServer({ latencyMs: 100, respond: () => ({ text: 'hello' }) });
    project = createTempProject(
      { 'greet.prompt': 'Say hello to {{name}}.\n' },
      `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
    );
    const tests = Array.from({ length: 60 }, (_, index) => `  - vars: { name: N${index} }`).join('\n');
    project.write('plume.suite.yaml', `prompts: [greet]\nmodels: ['stub:tiny']\ntests:\n${tests}\n`);
    // Python's pty runs plume on a terminal of its own, and closes it once plume printed its first line.
    const script = join(REPO_ROOT, 'test/helpers/pty-run.py');
    const closed = await new Promise<{ code: string; stderr: string }>((resolve) => {
      const command = [script, 'cells', process.execPath, PLUME_BIN, 'eval', '--max-concurrency', '1'];
      const child = spawn('python3', command, { cwd: project!.root, env: { ...process.env, ...bareEnv() } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('close', () => resolve({ code: stdout.trim(), stderr }));
    });
    expect(closed.stderr).toBe('');
    expect(closed.code).toBe('129');
    const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
    try {
      const run = db.prepare('SELECT status, owner_pid FROM runs').get();
      expect(run).toEqual({ status: 'interrupted', owner_pid: null });
    } finally {
      db.close();
    }
  }, 60_000);
});
