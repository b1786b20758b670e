import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// The provider's own time for each call. The machine running the tests is shared: the bounds
// below leave room for its slowness, never for a wait in the queue (a wave of calls, DELAY_MS).
const DELAY_MS = 150;
const SLACK_MS = 100;
const TESTS = 16;
// openai-compatible providers take 4 calls at a time unless plume.yaml says otherwise.
const LIMIT = 4;

const PROMPT = '---\nmodel: echo:default\n---\nSay hello to {{name}}.\n';

interface Column {
  latencyP50: number;
  queueP50?: number;
  queueP95?: number;
}
interface Cell {
  latencyMs?: number;
  queueMs?: number;
}

function tests(): string {
  const lines = Array.from({ length: TESTS }, (_, index) => `  - vars: { name: N${index}, expected: yes }`);
  return `tests:\n${lines.join('\n')}\n`;
}

async function evaluate(project: TempProject, args: string[]): Promise<{ column: Column; cells: Cell[] }> {
  const result = await runCli(project.root, ['eval', '--json', '--no-cache', ...args], bareEnv());
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { runId: string; columns: Column[] };
  const exported = await runCli(project.root, ['runs', 'export', report.runId, '-f', 'jsonl'], bareEnv());
  const cells = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Cell);
  return { column: report.columns[0]!, cells };
}

/** The call's own latency stays the provider's time; the wait for the limit grows with the backlog. */
async function expectLatencyApartFromQueue(project: TempProject): Promise<void> {
  const one = await evaluate(project, ['--max-concurrency', '1']);
  const atLimit = await evaluate(project, ['--max-concurrency', String(LIMIT)]);
  const byDefault = await evaluate(project, []);
  for (const { column } of [one, atLimit, byDefault]) {
    expect(column.latencyP50).toBeGreaterThanOrEqual(DELAY_MS - 5);
    expect(column.latencyP50).toBeLessThan(DELAY_MS + SLACK_MS);
  }
  // No more cells in flight than the limit takes: no call waited, and no wait is shown.
  expect(one.column.queueP50).toBeUndefined();
  expect(atLimit.column.queueP50).toBeUndefined();
  // 16 cells at once against 4 slots: four waves, waiting 0, 1, 2 and 3 calls' time.
  expect(byDefault.column.queueP50).toBeGreaterThanOrEqual(DELAY_MS - 5);
  expect(byDefault.column.queueP95).toBeGreaterThanOrEqual(2.5 * DELAY_MS);
  const waits = byDefault.cells.map((cell) => cell.queueMs ?? -1).sort((a, b) => a - b);
  expect(waits.filter((wait) => wait < DELAY_MS / 2)).toHaveLength(LIMIT);
  expect(waits.at(-1)).toBeGreaterThanOrEqual(3 * DELAY_MS - 5);
  for (const cell of byDefault.cells) expect(cell.latencyMs).toBeLessThan(DELAY_MS + SLACK_MS);
}

const projects: TempProject[] = [];
const servers: OpenAIStubServer[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) project.cleanup();
  for (const server of servers.splice(0)) await server.close();
});

describe("a cell's latency and its wait for the provider's concurrency limit", () => {
  it('are recorded apart against a local HTTP server with a fixed delay', async () => {
    const server = await startOpenAIStubServer({ latencyMs: DELAY_MS });
    servers.push(server);
    const project = createTempProject(
      { 'greet.prompt': PROMPT },
      `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
    );
    projects.push(project);
    project.write('plume.suite.yaml', `prompts: [greet]\nmodels: ['stub:tiny']\n${tests()}`);
    await expectLatencyApartFromQueue(project);
    expect(server.maxInFlight).toBe(LIMIT);
  });

  it('are recorded apart on the sim with a latency and a concurrency limit', async () => {
    const project = createTempProject(
      { 'greet.prompt': PROMPT },
      `prompts: prompts\nproviders:\n  sim:\n    concurrency: ${LIMIT}\n`,
    );
    projects.push(project);
    project.write(
      'plume.suite.yaml',
      `prompts: [greet]\nmodels: [{ id: 'sim:classify', config: { sim: { latencyMs: ${DELAY_MS} } } }]\n${tests()}`,
    );
    await expectLatencyApartFromQueue(project);
  });
});
