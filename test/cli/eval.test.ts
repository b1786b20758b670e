import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPROXIMATE_TOKEN_COUNTER, tokenCounterFor } from '../../src/models/token-counter.ts';
import { HEARTBEAT_INTERVAL_MS } from '../../src/store/run-owner.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { PLUME_BIN, REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { serve } from '../server/served-project.ts';

const GREET = '---\nconfig:\n  temperature: 0.7\n---\nSay hello to {{name}}.\n';
const WARM = '---\nconfig:\n  temperature: 0.7\n---\nGreet {{name}} warmly.\n';
const NAMES = ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Flo'];

function suiteYaml(model: string, names: readonly string[], extra = ''): string {
  const tests = names
    .map((name) => `  - vars: { name: ${name} }\n    assert: [{ type: icontains, value: hello }]`)
    .join('\n');
  return `prompts: [greet, warm]\nmodels: ['${model}']\n${extra}tests:\n${tests}\n`;
}

function stubConfig(baseURL: string): string {
  return `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${baseURL}\n`;
}

interface CellRow {
  cell_key: string;
  error_code: string | null;
  error_message: string | null;
  pass: number | null;
}

function storedCells(project: TempProject, runId: string): CellRow[] {
  const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT cell_key, error_code, error_message, pass FROM run_cells WHERE run_id = ?')
      .all(runId) as CellRow[];
  } finally {
    db.close();
  }
}

async function evalJson(project: TempProject, args: string[], env: NodeJS.ProcessEnv = bareEnv()) {
  const result = await runCli(project.root, ['eval', '--json', ...args], env);
  return { ...result, report: JSON.parse(result.stdout) };
}

let project: TempProject | undefined;
let server: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await server?.close();
  server = undefined;
});

describe('plume eval with the echo provider', () => {
  it('runs 2 prompts × 4 tests, stores the cells and prints pass rates with intervals and a verdict', async () => {
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM });
    project.write('plume.suite.yaml', suiteYaml('echo:default', NAMES.slice(0, 4)));
    const result = await runCli(project.root, ['eval'], bareEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/greet\s+echo:default\s+100\.0%\s+\[51\.0%, 100\.0%\]\s+4/);
    expect(result.stdout).toMatch(/warm\s+echo:default\s+0\.0%\s+\[0\.0%, 49\.0%\]\s+4/);
    expect(result.stdout).toContain('Comparisons (paired, on the same tests):');
    // 4 of 4 tests one way: Newcombe's interval excludes 0, but McNemar's mid-p is 0.0625. The
    // verdict says both rather than "no significant difference" beside an interval without 0.
    expect(result.stdout).toMatch(
      /Borderline between greet and warm, no winner declared \(warm - greet: -100\.0 pp \[-100\.0, -30\.7\]\): the interval excludes 0 but the p-value is above 0\.05 \(p = 0\.063\)/,
    );
    // echo answers with the prompt: 'Greet Ada warmly.' has no 'hello'.
    expect(result.stdout).toContain('Failed cells: 4\n  test 1 “name=Ada” · warm: icontains: ');
    expect(result.stdout).toContain('    output: Greet Ada warmly.');
    const runId = /run (\S+) \(completed\): 8\/8 cells, 4 passed, 4 failed/.exec(result.stdout)?.[1];
    expect(runId).toBeDefined();
    const cells = storedCells(project, runId!);
    expect(cells).toHaveLength(8);
    expect(new Set(cells.map((cell) => cell.cell_key)).size).toBe(8);

    const shown = await runCli(project.root, ['runs', 'show', runId!], bareEnv());
    expect(shown.stdout).toContain('[51.0%, 100.0%]');
    const listed = await runCli(project.root, ['runs', 'list'], bareEnv());
    expect(listed.stdout).toContain(runId!);
    expect(listed.stdout).toContain('completed');
  });

  it('exits 1 under --fail-under when the pass rate is below it, 0 when above', async () => {
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM });
    project.write('plume.suite.yaml', suiteYaml('echo:default', NAMES.slice(0, 2)));
    const failing = await runCli(project.root, ['eval', '--fail-under', '80%'], bareEnv());
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('pass rate 50.0% is below --fail-under 80.0%');
    const passing = await runCli(project.root, ['eval', '--fail-under', '0.5'], bareEnv());
    expect(passing.code).toBe(0);
  });

  it('filters tests with --first-n, --pattern, --sample and --failing-only', async () => {
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM });
    project.write('plume.suite.yaml', suiteYaml('echo:default', NAMES));
    expect((await evalJson(project, ['--first-n', '2'])).report.manifest.testCount).toBe(2);
    expect((await evalJson(project, ['--pattern', 'Ada|Eve'])).report.manifest.testCount).toBe(2);
    const sampled = await evalJson(project, ['--sample', '3']);
    expect(sampled.report.manifest.testCount).toBe(3);
    expect(sampled.report.totals.cells).toBe(6);
    // Every test fails on 'warm': --failing-only keeps them all; on a run where all pass, none.
    const failing = await evalJson(project, ['--failing-only', sampled.report.runId]);
    expect(failing.report.manifest.testCount).toBe(3);
  });
});

describe('plume eval against an OpenAI-compatible server', () => {
  it('calls once per cell, repeats as distinct samples, and a second run is all cached', async () => {
    server = await startOpenAIStubServer({ respond: (request) => ({ text: `hello #${request.index}` }) });
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES.slice(0, 3), 'repeats: 2\n'));
    const first = await evalJson(project, []);
    expect(first.code).toBe(0);
    expect(server.requestCount).toBe(12);
    expect(first.report.totals).toMatchObject({ cells: 12, passed: 12, errors: 0, cached: 0 });
    expect(first.report.columns[0].passRate.method).toBe('clustered-wilson');
    const second = await evalJson(project, []);
    expect(server.requestCount).toBe(12);
    expect(second.report.totals).toMatchObject({ cells: 12, cached: 12 });
    await evalJson(project, ['--no-cache']);
    expect(server.requestCount).toBe(24);
  });

  it('--retry-errors runs again only the cells whose call failed', async () => {
    server = await startOpenAIStubServer({ respond: () => ({ text: 'hello' }) });
    server.script({ status: 400, errorMessage: 'bad request' }, { status: 400, errorMessage: 'bad request' });
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES.slice(0, 4)));
    const first = await evalJson(project, ['--max-concurrency', '1']);
    expect(first.report.totals).toMatchObject({ cells: 8, errors: 2, passed: 6 });
    expect(server.requestCount).toBe(8);
    const retried = await evalJson(project, ['--retry-errors', first.report.runId]);
    expect(retried.report.runId).toBe(first.report.runId);
    expect(server.requestCount).toBe(10);
    expect(retried.report.totals).toMatchObject({ cells: 8, errors: 0, passed: 8 });
    expect(storedCells(project, first.report.runId)).toHaveLength(8);
  });

  it('stops calling a provider that cannot be reached and marks its remaining cells', async () => {
    const port = await closedPort();
    project = createTempProject(
      { 'greet.prompt': GREET, 'warm.prompt': WARM },
      stubConfig(`http://127.0.0.1:${port}/v1`),
    );
    project.write('plume.suite.yaml', suiteYaml('stub:down', NAMES));
    const started = Date.now();
    const result = await runCli(project.root, ['eval', '--max-concurrency', '1'], bareEnv());
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('stub:down is not answering');
    expect(result.stderr).toContain('12 of 12 cells errored, more than --max-errors allows (0 cells)');
    const runId = /run (\S+) \(completed\)/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(
      `12 cells errored: run them again with plume eval --retry-errors ${runId}`,
    );
    const cells = storedCells(project, runId!);
    expect(cells).toHaveLength(12);
    expect(cells.every((cell) => cell.error_code === 'PROVIDER_CONNECTION')).toBe(true);
    const skipped = cells.filter((cell) => cell.error_message?.startsWith('not called'));
    expect(skipped).toHaveLength(9);
  });

  it('exits 3 on a provider answering 500, unless --max-errors tolerates the errored cells', async () => {
    server = await startOpenAIStubServer({ respond: () => ({ text: 'hello' }) });
    server.script(...Array.from({ length: 3 }, () => ({ status: 500, errorMessage: 'down' })));
    project = createTempProject(
      { 'greet.prompt': GREET, 'warm.prompt': WARM },
      `${stubConfig(server.baseURL)}    maxRetries: 0\n`,
    );
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES.slice(0, 5)));
    const failing = await runCli(project.root, ['eval', '--max-concurrency', '1', '--no-cache'], bareEnv());
    expect(failing.code).toBe(3);
    expect(failing.stderr).toContain('3 of 10 cells errored, more than --max-errors allows (0 cells)');
    const runId = /run (\S+) \(completed\)/.exec(failing.stdout)?.[1];
    expect(failing.stdout).toContain(
      `3 cells errored: run them again with plume eval --retry-errors ${runId}`,
    );

    for (const [tolerance, code] of [
      ['3', 0],
      ['2', 3],
      ['30%', 0],
      ['0.2', 3],
    ] as const) {
      server.script(...Array.from({ length: 3 }, () => ({ status: 500, errorMessage: 'down' })));
      const args = ['eval', '--max-concurrency', '1', '--no-cache', '--max-errors', tolerance];
      expect((await runCli(project.root, args, bareEnv())).code, `--max-errors ${tolerance}`).toBe(code);
    }
    // Errors beyond the tolerance come before --fail-under's exit 1; within it, the pass rate decides,
    // over the decided cells only (the tolerated errors are left out of it, as every surface does).
    server.script(...Array.from({ length: 3 }, () => ({ status: 500, errorMessage: 'down' })));
    const both = await runCli(project.root, ['eval', '--no-cache', '--fail-under', '90%'], bareEnv());
    expect(both.code).toBe(3);
    server.script(...Array.from({ length: 3 }, () => ({ status: 500, errorMessage: 'down' })));
    const tolerated = ['eval', '--no-cache', '--fail-under', '90%', '--max-errors', '3'];
    expect((await runCli(project.root, tolerated, bareEnv())).code).toBe(0);

    const bad = await runCli(project.root, ['eval', '--max-errors', 'some'], bareEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'some' is not a count of cells (3) or a share of them (5% or 0.05).");
  });

  it('exits 2 when the errored cells are all a prompt that could not be rendered', async () => {
    const needsWho = '---\ninput:\n  schema:\n    who: string\n---\nSay hello to {{who}}.\n';
    project = createTempProject({ 'greet.prompt': needsWho, 'warm.prompt': WARM });
    project.write('plume.suite.yaml', suiteYaml('echo:default', NAMES.slice(0, 2)));
    const result = await runCli(project.root, ['eval'], bareEnv());
    expect(result.stdout).toContain("error VARIABLE_MISSING: prompt 'greet' needs the variable 'who'");
    expect(result.code).toBe(2);
  });

  it('counts a share of --max-errors in whole cells: 29% of 100 cells tolerates 29', async () => {
    const needsWho = '---\ninput:\n  schema:\n    who: string\n---\nSay hello to {{who}}.\n';
    project = createTempProject({ 'greet.prompt': needsWho });
    const tests = Array.from(
      { length: 100 },
      (_, index) => `  - vars: { ${index < 29 ? 'name' : 'who'}: N${index} }`,
    );
    project.write(
      'plume.suite.yaml',
      `prompts: [greet]\nmodels: ['echo:default']\ntests:\n${tests.join('\n')}\n`,
    );
    expect((await runCli(project.root, ['eval', '--max-errors', '29%'], bareEnv())).code).toBe(0);
    expect((await runCli(project.root, ['eval', '--max-errors', '0.29'], bareEnv())).code).toBe(0);
    expect((await runCli(project.root, ['eval', '--max-errors', '28%'], bareEnv())).code).toBe(2);
  });

  it('resumes a run killed with SIGKILL: no cell lost, none twice, no answered call paid again', async () => {
    server = await startOpenAIStubServer({ latencyMs: 30, respond: () => ({ text: 'hello' }) });
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
    const names = Array.from({ length: 30 }, (_, index) => `N${index}`);
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', names));
    const concurrency = 2;
    const child = spawn(process.execPath, [PLUME_BIN, 'eval', '--max-concurrency', String(concurrency)], {
      cwd: project.root,
      env: { ...process.env, ...bareEnv() },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const runId = await waitForCells(project, 10);
    child.kill('SIGKILL');
    await exited;
    const atKill = storedCells(project, runId).length;
    expect(atKill).toBeLessThan(60);
    // Its process is gone: the run is shown as interrupted, not running, everywhere.
    const listed = JSON.parse((await runCli(project.root, ['runs', 'list', '--json'], bareEnv())).stdout);
    expect(listed[0]).toMatchObject({ id: runId, status: 'interrupted' });
    const shown = await runCli(project.root, ['runs', 'show', runId], bareEnv());
    expect(shown.stdout).toContain(`run ${runId} (interrupted)`);
    expect(shown.stdout).toContain(`continue it with plume eval --resume ${runId}`);
    const web = await serve(project);
    try {
      const runs = (await (await fetch(new URL('/api/runs', web.url))).json()) as { status: string }[];
      expect(runs[0]).toMatchObject({ id: runId, status: 'interrupted' });
      const run = await (await fetch(new URL(`/api/runs/${runId}`, web.url))).json();
      expect(run).toMatchObject({ status: 'interrupted', totals: { cells: atKill } });
    } finally {
      await web.close();
    }
    const resumed = await evalJson(project, ['--resume', runId]);
    expect(resumed.report.runId).toBe(runId);
    expect(resumed.report.status).toBe('completed');
    const cells = storedCells(project, runId);
    expect(cells).toHaveLength(60);
    expect(new Set(cells.map((cell) => cell.cell_key)).size).toBe(60);
    // Each cell is one distinct request. Only the calls still unanswered when the process died
    // (at most `concurrency`) may be sent twice; an answered call comes back from the cache.
    const bodies = server.requests.map((request) => JSON.stringify(request.body.messages));
    expect(new Set(bodies).size).toBe(60);
    expect(server.requestCount).toBeLessThanOrEqual(60 + concurrency);
  }, 60_000);
});

describe('plume eval on a run another process is running', () => {
  it('records a heartbeat while it waits on an answer', async () => {
    server = await startOpenAIStubServer({ respond: () => ({ hang: true }) });
    project = createTempProject(
      { 'greet.prompt': GREET, 'warm.prompt': WARM },
      `${stubConfig(server.baseURL)}    maxRetries: 0\n`,
    );
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES.slice(0, 1)));
    const start = new Date('2031-01-01T00:00:00.000Z');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: start });
    try {
      const running = runCli(project.root, ['eval', '--max-concurrency', '1'], bareEnv());
      while (server.requestCount === 0) await pause(10);
      const heartbeat = () => {
        const db = new Database(join(project!.root, '.plume/plume.db'), { readonly: true });
        try {
          return db.prepare('SELECT heartbeat_at FROM runs').pluck().get();
        } finally {
          db.close();
        }
      };
      expect(heartbeat()).toBe(start.toISOString());
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
      expect(heartbeat()).toBe(new Date(start.getTime() + HEARTBEAT_INTERVAL_MS).toISOString());
      await server.close();
      server = undefined;
      expect((await running).code).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses at once, paying no call, to resume a run while its first run or another resume is alive', async () => {
    server = await startOpenAIStubServer({ latencyMs: 30, respond: () => ({ text: 'hello' }) });
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
    const names = Array.from({ length: 30 }, (_, index) => `N${index}`);
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', names));
    const refuse = async (runId: string, owner: { pid?: number }) => {
      // The owner is stopped, not ended: alive, and calling nothing while the second one tries.
      process.kill(owner.pid!, 'SIGSTOP');
      await pause(200);
      const calls = server!.requestCount;
      const refused = await runCli(project!.root, ['eval', '--resume', runId], bareEnv());
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `error: run ${runId} is being run by process ${owner.pid} on ${hostname()}`,
      );
      expect(refused.stderr).toContain(
        `hint: wait for it to end, or stop it (Ctrl-C there, or kill ${owner.pid})`,
      );
      expect(server!.requestCount).toBe(calls);
      process.kill(owner.pid!, 'SIGCONT');
    };

    const first = spawnEval(project, ['--max-concurrency', '2']);
    const runId = await waitForCells(project, 4);
    await refuse(runId, first.child);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(143);

    const resumed = spawnEval(project, ['--resume', runId, '--max-concurrency', '2']);
    await waitForCells(project, storedCells(project, runId).length + 2);
    await refuse(runId, resumed.child);
    expect(await resumed.exited).toBe(0);
    expect(resumed.output.stdout).toContain(`run ${runId} (completed): 60/60 cells`);
    expect(storedCells(project, runId)).toHaveLength(60);
  }, 60_000);
});

describe('plume eval interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    'stops on %s, exits %i with the run interrupted and its --resume printed, and --resume finishes it',
    async (signal, code) => {
      server = await startOpenAIStubServer({ latencyMs: 30, respond: () => ({ text: 'hello' }) });
      project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
      project.write(
        'plume.suite.yaml',
        suiteYaml(
          'stub:tiny',
          Array.from({ length: 30 }, (_, index) => `N${index}`),
        ),
      );
      const child = spawn(process.execPath, [PLUME_BIN, 'eval', '--max-concurrency', '2'], {
        cwd: project.root,
        env: { ...process.env, ...bareEnv() },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const runId = await waitForCells(project, 6);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stdout).toContain(`run ${runId} (interrupted)`);
      expect(stdout).toContain(`continue it with plume eval --resume ${runId}`);
      const listed = JSON.parse((await runCli(project.root, ['runs', 'list', '--json'], bareEnv())).stdout);
      expect(listed[0]).toMatchObject({ id: runId, status: 'interrupted' });
      expect(listed[0].totals.errors).toBe(0);
      const resumed = await evalJson(project, ['--resume', runId]);
      expect(resumed.report.totals).toMatchObject({ cells: 60, errors: 0 });
      expect(storedCells(project, runId)).toHaveLength(60);
    },
    60_000,
  );
});

/** The real `plume eval` as a child process, its stdout kept, and its exit code when it closes. */
function spawnEval(project: TempProject, args: string[]) {
  const child = spawn(process.execPath, [PLUME_BIN, 'eval', ...args], {
    cwd: project.root,
    env: { ...process.env, ...bareEnv() },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const output = { stdout: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, output };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForCells(project: TempProject, least: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    try {
      const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
      try {
        const row = db
          .prepare('SELECT run_id AS runId, count(*) AS cells FROM run_cells GROUP BY run_id')
          .get() as { runId: string; cells: number } | undefined;
        if (row && row.cells >= least) return row.runId;
      } finally {
        db.close();
      }
    } catch {
      // The store or its tables may not exist yet.
    }
  }
  throw new Error('the child run wrote no cells in time');
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('plume eval --dry-run', () => {
  it('counts the cells and prices them without calling the model or recording a run', async () => {
    server = await startOpenAIStubServer();
    project = createTempProject(
      { 'greet.prompt': GREET, 'warm.prompt': WARM },
      `${stubConfig(server.baseURL)}prices:\n  "stub:tiny": { input: 1, output: 2 }\n`,
    );
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES, 'repeats: 2\n'));
    const result = await evalJson(project, ['--dry-run']);
    expect(result.code).toBe(0);
    expect(result.report).toMatchObject({
      prompts: 2,
      models: 1,
      tests: 6,
      repeats: 2,
      cells: 24,
      unpriced: [],
    });
    expect(result.report.maxCostUsd).toBeGreaterThan(result.report.minCostUsd);
    expect(server.requestCount).toBe(0);
    const listed = await runCli(project.root, ['runs', 'list', '--json'], bareEnv());
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(result.report.cachedCells).toBe(0);
  });

  it('counts the cells the cache would answer, the same way a run looks them up', async () => {
    server = await startOpenAIStubServer();
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES.slice(0, 3), 'repeats: 2\n'));
    // Half the tests run once: their cells, both repeats, are cached.
    await runCli(project.root, ['eval', '--first-n', '2'], bareEnv());
    const calls = server.requestCount;
    const before = await evalJson(project, ['--dry-run']);
    expect(before.report).toMatchObject({ cells: 12, cachedCells: 8 });
    const text = await runCli(project.root, ['eval', '--dry-run'], bareEnv());
    expect(text.stdout).toContain('8 of 12 cells are answered from the cache');
    expect(server.requestCount).toBe(calls);
    // The run then calls the model for the other 4 cells only.
    await runCli(project.root, ['eval'], bareEnv());
    expect(server.requestCount).toBe(calls + 4);
    const none = await evalJson(project, ['--dry-run', '--no-cache']);
    expect(none.report.cachedCells).toBeUndefined();
  });
});

const STORIES = resolve(REPO_ROOT, '../shared/models/stories260K/stories260K.gguf');

describe.runIf(existsSync(STORIES))('plume eval on the default local model', () => {
  it('counts in a dry run the cells a run stored, under the name of the model file', async () => {
    const story = '---\nconfig:\n  temperature: 0\n  maxOutputTokens: 8\n---\nOnce upon a time {{name}}';
    project = createTempProject(
      { 'greet.prompt': story, 'warm.prompt': story.replace('Once', 'Long ago, once') },
      'local:\n  threads: 1\n',
    );
    project.write('plume.suite.yaml', suiteYaml('local:default', NAMES.slice(0, 2)));
    const env = bareEnv({ PLUME_LOCAL_MODEL: STORIES });
    const run = await evalJson(project, [], env);
    expect(run.code).toBe(0);
    expect(run.report.totals).toMatchObject({ cells: 4, errors: 0 });
    const estimate = await evalJson(project, ['--dry-run'], env);
    expect(estimate.report).toMatchObject({ cells: 4, cachedCells: 4 });
  });

  it('stores no answer cut short by SIGINT, and --resume generates those cells whole', async () => {
    // stories260K writes to the token limit: every whole answer has exactly this many tokens.
    const tokens = 48;
    const story = `---\nconfig:\n  temperature: 0\n  maxOutputTokens: ${tokens}\n---\nOnce upon a time {{name}}`;
    project = createTempProject(
      { 'greet.prompt': story, 'warm.prompt': story.replace('Once', 'Long ago, once') },
      'local:\n  threads: 1\n  sequences: 4\n',
    );
    const names = Array.from({ length: 60 }, (_, index) => `N${index}`);
    project.write('plume.suite.yaml', suiteYaml('local:default', names));
    const env = bareEnv({ PLUME_LOCAL_MODEL: STORIES });
    const child = spawn(process.execPath, [PLUME_BIN, 'eval', '--max-concurrency', '4'], {
      cwd: project.root,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const runId = await waitForCells(project, 8);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const atInterrupt = outputTokens(project, runId);
    expect(atInterrupt.length).toBeLessThan(120);
    expect(atInterrupt.filter((count) => count !== tokens)).toEqual([]);
    const resumed = await evalJson(project, ['--resume', runId], env);
    expect(resumed.report.totals).toMatchObject({ cells: 120, errors: 0 });
    const all = outputTokens(project, runId);
    expect(all).toHaveLength(120);
    expect(all.filter((count) => count !== tokens)).toEqual([]);
  }, 60_000);
});

function outputTokens(project: TempProject, runId: string): number[] {
  const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
  try {
    return db.prepare('SELECT output_tokens FROM run_cells WHERE run_id = ?').pluck().all(runId) as number[];
  } finally {
    db.close();
  }
}

describe('plume eval warnings', () => {
  it("runs the suite file's own code without allowCode, and says once that none runs with --no-code", async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    const tests = NAMES.slice(0, 3)
      .map(
        (name) =>
          `  - vars: { name: ${name} }\n    assert: [{ type: javascript, value: 'output.length > 0' }]`,
      )
      .join('\n');
    project.write('plume.suite.yaml', `prompts: [greet]\nmodels: ['echo:default']\ntests:\n${tests}\n`);
    const trusted = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stderr).not.toContain('warning: javascript');
    expect(JSON.parse(trusted.stdout).totals).toMatchObject({ passed: 3, undecided: 0 });
    const refused = await runCli(project.root, ['eval', '--no-code'], bareEnv());
    expect(refused.code).toBe(0);
    const warnings = refused.stderr
      .split('\n')
      .filter((line) => line.startsWith('warning: javascript checks'));
    expect(warnings).toEqual([
      'warning: javascript checks will be undecided: javascript checks (and transforms) need code to be allowed: remove "allowCode: false" from the suite, or run without --no-code (undecided cells are neither passed nor failed: the pass rate leaves them out)',
    ]);
  });

  it('leaves code from a CSV file undecided unless the suite sets allowCode: true', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    project.write(
      'tests.csv',
      'name,__expected\nAda,javascript: output.includes("Ada")\nBob,contains: Bob\n',
    );
    const suite = "prompts: [greet]\nmodels: ['echo:default']\ntests: file://tests.csv\n";
    project.write('plume.suite.yaml', suite);
    const data = await runCli(project.root, ['eval'], bareEnv());
    expect(data.code, data.stderr).toBe(0);
    expect(data.stderr).toContain(
      'warning: javascript checks from test data will be undecided: javascript checks (and transforms) written in test data need "allowCode: true"',
    );
    const report = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(JSON.parse(report.stdout).totals).toMatchObject({ passed: 1, undecided: 1 });
    project.write('plume.suite.yaml', `allowCode: true\n${suite}`);
    const allowed = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(JSON.parse(allowed.stdout).totals).toMatchObject({ passed: 2, undecided: 0 });
  });
});

describe('plume eval --dry-run token counts', () => {
  it("counts input tokens with each model's tokenizer and marks the approximations", async () => {
    server = await startOpenAIStubServer();
    project = createTempProject({ 'greet.prompt': GREET }, stubConfig(server.baseURL));
    project.write(
      'plume.suite.yaml',
      "prompts: [greet]\nmodels: ['stub:gpt-4o-mini', 'stub:tiny']\ntests:\n  - vars: { name: Ada }\n",
    );
    const result = await evalJson(project, ['--dry-run']);
    expect(result.report.tokenizers).toEqual([
      { model: 'stub:gpt-4o-mini', tokenizer: 'o200k_base', exact: true },
      { model: 'stub:tiny', tokenizer: APPROXIMATE_TOKEN_COUNTER.name, exact: false },
    ]);
    const rendered = 'Say hello to Ada.';
    const exact = (await tokenCounterFor('gpt-4o-mini')).count(rendered);
    expect(result.report.inputTokens).toBe(exact + Math.ceil(rendered.length / 4));
    const text = await runCli(project.root, ['eval', '--dry-run'], bareEnv());
    expect(text.stdout).toContain('would run 2 cells: 1 prompt × 2 models × 1 test × 1 repeat');
    expect(text.stdout).toContain('approximate for stub:tiny (no public tokenizer');
    expect(server.requestCount).toBe(0);
  });

  it('says nothing of cached cells when no model of the run has its answers cached', async () => {
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM });
    project.write('plume.suite.yaml', suiteYaml('echo:default', NAMES.slice(0, 2)));
    const result = await evalJson(project, ['--dry-run']);
    expect(result.report).toMatchObject({ cells: 4 });
    expect(result.report.cachedCells).toBeUndefined();
    const text = await runCli(project.root, ['eval', '--dry-run'], bareEnv());
    expect(text.stdout).not.toContain('answered from the cache');
  });
});

describe('plume eval --replay', () => {
  it('runs a run again at the prompt versions it used, from the cache, even after the prompt file changed', async () => {
    server = await startOpenAIStubServer({ respond: () => ({ text: 'hello' }) });
    project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, stubConfig(server.baseURL));
    project.write('plume.suite.yaml', suiteYaml('stub:tiny', NAMES.slice(0, 3)));
    const first = await evalJson(project, []);
    expect(server.requestCount).toBe(6);
    project.writePrompt('greet.prompt', GREET.replace('Say hello', 'Say hi'));
    const replay = await evalJson(project, ['--replay', first.report.runId]);
    expect(replay.code).toBe(0);
    expect(replay.report.runId).not.toBe(first.report.runId);
    expect(replay.report.manifest.prompts).toEqual(first.report.manifest.prompts);
    expect(replay.report.totals).toMatchObject({ cells: 6, cached: 6 });
    expect(server.requestCount).toBe(6);
    // A plain run takes the edited prompt: a new version, new calls.
    const edited = await evalJson(project, []);
    expect(edited.report.manifest.prompts[0].hash).not.toBe(first.report.manifest.prompts[0].hash);
    expect(server.requestCount).toBe(9);
  });
});
