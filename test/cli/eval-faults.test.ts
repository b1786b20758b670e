import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type FaultMix, type FaultServer, MIXED_FAULTS, startFaultServer } from '../helpers/fault-server.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const GREET = '---\nmodel: echo:default\n---\nSay hello to {{name}}.\n';
const WARM = '---\nmodel: echo:default\n---\nGreet {{name}} warmly.\n';

function providerConfig(baseURL: string, extra = ''): string {
  return `prompts: prompts\nproviders:\n  flaky:\n    type: openai-compatible\n    baseURL: ${baseURL}\n${extra}`;
}

function suiteYaml(tests: number): string {
  const lines = Array.from({ length: tests }, (_, index) => `  - vars: { name: N${index} }`);
  return `prompts: [greet, warm]\nmodels: ['flaky:tiny']\ntests:\n${lines.join('\n')}\n`;
}

interface Row {
  cell_key: string;
  output: string | null;
  error_code: string | null;
  error_message: string | null;
}

function storedCells(project: TempProject, runId: string): Row[] {
  const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT cell_key, output, error_code, error_message FROM run_cells WHERE run_id = ?')
      .all(runId) as Row[];
  } finally {
    db.close();
  }
}

async function evalRun(project: TempProject, args: string[] = []) {
  const result = await runCli(project.root, ['eval', '--json', ...args], bareEnv());
  const report = JSON.parse(result.stdout) as { runId: string; totals: { cells: number; errors: number } };
  return { ...result, report, cells: storedCells(project, report.runId) };
}

const projects: TempProject[] = [];
const servers: (FaultServer | OpenAIStubServer)[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) project.cleanup();
  for (const server of servers.splice(0)) await server.close();
});

async function faultyProject(mix: FaultMix, tests: number, extra = ''): Promise<TempProject> {
  const server = await startFaultServer({ seed: 7, mix, retryAfterSeconds: 0.05 });
  servers.push(server);
  const project = createTempProject(
    { 'greet.prompt': GREET, 'warm.prompt': WARM },
    providerConfig(server.baseURL, extra),
  );
  projects.push(project);
  project.write('plume.suite.yaml', suiteYaml(tests));
  return project;
}

describe('plume eval against a provider that fails', () => {
  it('gives up on a provider that hangs within about two timeouts, and says why', async () => {
    const timeoutMs = 500;
    const project = await faultyProject({ hang: 1 }, 250, `    timeoutMs: ${timeoutMs}\n`);
    const started = Date.now();
    const result = await runCli(project.root, ['eval'], bareEnv());
    const elapsed = Date.now() - started;
    // The first calls, the next ones while they back off, their one retry: three timeouts, plus the
    // run's own work. Before, each of the 500 cells waited out four timeouts, four at a time: 250 s.
    expect(elapsed).toBeLessThan(3 * timeoutMs + 3000);
    // Every cell errored: the run exits as a provider failure.
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('flaky:tiny is not answering');
    expect(result.stderr).toContain(`gave no complete answer within ${timeoutMs} ms`);
    const runId = /run (\S+) \(completed\)/.exec(result.stdout)?.[1];
    const cells = storedCells(project, runId!);
    expect(cells).toHaveLength(500);
    expect(cells.every((cell) => cell.error_code === 'PROVIDER_TIMEOUT')).toBe(true);
    const skipped = cells.filter((cell) => cell.error_message?.startsWith('not called'));
    expect(skipped.length).toBeGreaterThan(490);
    expect(skipped[0]!.error_message).toContain('gave no answer in time 3 times in a row');
  }, 30_000);

  it('rides out a 30% fault mix: almost no cell ends as an error, and every answer is the fault-free one', async () => {
    const server = await startFaultServer();
    servers.push(server);
    const clean = createTempProject(
      { 'greet.prompt': GREET, 'warm.prompt': WARM },
      providerConfig(server.baseURL),
    );
    projects.push(clean);
    clean.write('plume.suite.yaml', suiteYaml(200));
    const reference = await evalRun(clean);
    expect(reference.report.totals).toMatchObject({ cells: 400, errors: 0 });

    const project = await faultyProject(MIXED_FAULTS, 200, '    concurrency: 16\n');
    const faulty = await evalRun(project);
    expect(faulty.report.totals.cells).toBe(400);
    // Before, garbled bodies were never retried and resets once: 6.5% of cells ended as errors.
    expect(faulty.report.totals.errors).toBeLessThanOrEqual(2);
    const expected = new Map(reference.cells.map((cell) => [cell.cell_key, cell.output]));
    const answered = faulty.cells.filter((cell) => cell.error_code === null);
    expect(answered.length).toBeGreaterThanOrEqual(398);
    for (const cell of answered) expect(cell.output).toBe(expected.get(cell.cell_key));
  }, 60_000);
});

describe('cache.enabled: false in plume.yaml', () => {
  const config = (baseURL: string) => `${providerConfig(baseURL)}cache:\n  enabled: false\n`;

  it('makes eval call the provider every time, without --no-cache', async () => {
    const server = await startOpenAIStubServer();
    servers.push(server);
    const project = createTempProject({ 'greet.prompt': GREET, 'warm.prompt': WARM }, config(server.baseURL));
    projects.push(project);
    project.write('plume.suite.yaml', suiteYaml(3));
    await evalRun(project);
    const second = await evalRun(project);
    expect(server.requestCount).toBe(12);
    expect(second.report.totals).toMatchObject({ cells: 6, cached: 0 });
  });

  it('makes run call the provider every time', async () => {
    const server = await startOpenAIStubServer();
    servers.push(server);
    const project = createTempProject({ 'greet.prompt': GREET }, config(server.baseURL));
    projects.push(project);
    const args = ['run', 'greet', '--var', 'name=Ada', '-m', 'flaky:tiny', '--json'];
    await runCli(project.root, args, bareEnv());
    const second = JSON.parse((await runCli(project.root, args, bareEnv())).stdout);
    expect(second.cached).toBe(false);
    expect(server.requestCount).toBe(2);
  });
});
