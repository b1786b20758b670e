// A run whose process stalled past its lease is taken over by another; the stalled one, on waking,
// must stop at once and leave the run to the other, with its stored cells kept.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { PLUME_BIN } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const GREET = 'Say hello to {{name}}.\n';
const WARM = 'Greet {{name}} warmly, say hello.\n';
/** A lease of 0.6 s (a heartbeat every 0.2 s), the same for both processes. */
const SHORT_LEASE = { PLUME_LEASE_SECONDS: '0.6' };

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
    env: { ...process.env, ...bareEnv(SHORT_LEASE) },
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

function query<T>(root: string, sql: string): T {
  const db = new Database(join(root, '.plume/plume.db'), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

/**
 * SIGSTOP a process at a moment it holds no write transaction on the store: one stopped inside a
 * write holds SQLite's lock, and no other process could write until it woke (what this test is
 * not about). Stopped inside one, it is woken and stopped again a moment later.
 */
async function stopOutsideWrite(pid: number, root: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    process.kill(pid, 'SIGSTOP');
    if (canWrite(root)) return;
    process.kill(pid, 'SIGCONT');
    await pause(25);
  }
  throw new Error('the first process was always inside a write');
}

function canWrite(root: string): boolean {
  const db = new Database(join(root, '.plume/plume.db'), { timeout: 200 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

async function waitFor<T>(probe: () => T | undefined, what: string, said?: () => string): Promise<T> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await pause(20);
    try {
      const found = probe();
      if (found !== undefined) return found;
    } catch {
      // The store or its tables may not exist yet.
    }
  }
  throw new Error(`timed out waiting for ${what}${said === undefined ? '' : `; it said: ${said()}`}`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('plume eval whose run another process took over', () => {
  it('stops at once on waking, exits 5 naming the new owner, and leaves the run whole to it', async () => {
    server = await startOpenAIStubServer({ latencyMs: 30, respond: () => ({ text: 'hello' }) });
    project = createTempProject(
      { 'greet.prompt': GREET, 'warm.prompt': WARM },
      `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
    );
    const tests = Array.from({ length: 30 }, (_, index) => `  - vars: { name: N${index} }`).join('\n');
    project.write(
      'plume.suite.yaml',
      `prompts: [greet, warm]\nmodels: ['stub:tiny']\ndefaultTest:\n  assert: [{ type: icontains, value: hello }]\ntests:\n${tests}\n`,
    );
    const root = project.root;
    const first = spawnPlume(root, ['eval', '--max-concurrency', '2']);
    const runId = await waitFor(() => {
      const row = query<{ run_id: string; cells: number } | undefined>(
        root,
        'SELECT run_id, count(*) AS cells FROM run_cells GROUP BY run_id',
      );
      return row !== undefined && row.cells >= 4 ? row.run_id : undefined;
    }, 'the first cells');

    // Stopped (a suspended laptop, a stalled event loop): alive, but its heartbeat goes stale.
    await stopOutsideWrite(first.child.pid!, root);
    await pause(1000);
    const stoppedAt = query<{ cells: number }>(root, 'SELECT count(*) AS cells FROM run_cells').cells;
    const second = spawnPlume(root, ['eval', '--resume', runId, '--max-concurrency', '1']);
    await waitFor(
      () =>
        query<{ cells: number }>(root, 'SELECT count(*) AS cells FROM run_cells').cells >= stoppedAt + 2
          ? true
          : undefined,
      'the second process to store cells',
      () => second.output.stderr,
    );
    expect(query<{ owner_pid: number }>(root, 'SELECT owner_pid FROM runs').owner_pid).toBe(second.child.pid);
    const callsBefore = server.requestCount;
    process.kill(first.child.pid!, 'SIGCONT');

    expect(await first.exited).toBe(5);
    expect(first.output.stderr).toContain(
      `error: another plume process took over run ${runId} (process ${second.child.pid} on ${hostname()}); this one stopped; nothing was lost`,
    );
    expect(first.output.stderr).toContain(`plume runs show ${runId}`);
    // It left the run to the other: still running, held by the second process.
    expect(query<{ status: string; owner_pid: number }>(root, 'SELECT status, owner_pid FROM runs')).toEqual({
      status: 'running',
      owner_pid: second.child.pid,
    });

    expect(await second.exited).toBe(0);
    expect(second.output.stdout).toContain(`run ${runId} (completed): 60/60 cells`);
    const stored = query<{ cells: number; keys: number }>(
      root,
      'SELECT count(*) AS cells, count(DISTINCT cell_key) AS keys FROM run_cells',
    );
    expect(stored).toEqual({ cells: 60, keys: 60 });
    expect(query<{ status: string }>(root, 'SELECT status FROM runs').status).toBe('completed');
    // Each cell is paid once, but for the first process's calls in flight when it was stopped
    // (their answers may have come after the second one asked).
    expect(server.requestCount).toBeLessThanOrEqual(60 + 2);
    // The first one made no call after it woke: every call since is the second's, one at a time.
    expect(server.requests.slice(callsBefore).every((request) => request.inFlight === 1)).toBe(true);
  }, 60_000);
});
