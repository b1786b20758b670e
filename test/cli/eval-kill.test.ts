import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { PLUME_BIN, runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// An openai-compatible provider makes at most 4 calls at once (its default concurrency).
const PROVIDER_CONCURRENCY = 4;
const TESTS = 30;
const CELLS = 2 * TESTS;
/** Calls answered before the stub stops answering and the run is killed. */
const ANSWERED = 20;

/** How the judge model `stub:judge` grades: each cell's answer (one more call a cell), or each test's two answers compared (one more call a test). */
type Grading = 'none' | 'rubric' | 'compared';
const GRADING: Record<Grading, string> = {
  none: '',
  rubric:
    "defaultTest:\n  assert: [{ type: llm-rubric, value: greets the person, provider: 'stub:judge' }]\n",
  compared:
    "defaultTest:\n  assert: [{ type: select-best, value: the warmest greeting, provider: 'stub:judge' }]\n",
};
const VERDICT: Record<Grading, string> = {
  none: '',
  rubric: '{"pass": true, "score": 1, "reason": "it greets the person"}',
  compared: '{"winner": "tie", "reason": "both greet alike"}',
};

function projectFor(server: OpenAIStubServer, grading: Grading): TempProject {
  const created = createTempProject(
    {
      'greet.prompt': '---\nconfig:\n  temperature: 0.7\n---\nSay hello to {{name}}.\n',
      'warm.prompt': '---\nconfig:\n  temperature: 0.7\n---\nGreet {{name}} warmly.\n',
    },
    `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
  );
  const tests = Array.from(
    { length: TESTS },
    (_, index) => `  - vars: { name: N${index} }\n    assert: [{ type: icontains, value: hello }]`,
  );
  created.write(
    'plume.suite.yaml',
    `prompts: [greet, warm]\nmodels: ['stub:tiny']\n${GRADING[grading]}tests:\n${tests.join('\n')}\n`,
  );
  return created;
}

function storeQuery<T>(project: TempProject, sql: string, ...values: unknown[]): T {
  const db = new Database(join(project.root, '.plume/plume.db'), { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...values) as T;
  } finally {
    db.close();
  }
}

let project: TempProject | undefined;
let server: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await server?.close();
  server = undefined;
});

/**
 * Run the suite in a child process, kill it with SIGKILL, resume it: the calls paid in all, the
 * calls in flight at the kill. The stub answers the first calls at once, then holds every call: the
 * run is killed when as many calls are held as the provider makes at once, so every answer given
 * has been read, and the cells of the last ones still wait in the batch written every 100 ms.
 */
async function killAndResume(
  cacheArgs: string[],
  grading: Grading = 'none',
): Promise<{ paid: number; inFlight: number; resumed: TempProject }> {
  let answering = false;
  let kill: () => void = () => {};
  server = await startOpenAIStubServer({
    respond: (request) => {
      if (answering || request.index < ANSWERED)
        return { text: request.body.model === 'judge' ? VERDICT[grading] : 'hello' };
      if (request.index === ANSWERED + PROVIDER_CONCURRENCY - 1) kill();
      return { hang: true };
    },
  });
  const made = projectFor(server, grading);
  project = made;
  const child = spawn(process.execPath, [PLUME_BIN, 'eval', ...cacheArgs], {
    cwd: made.root,
    env: { ...process.env, ...bareEnv() },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  kill = () => child.kill('SIGKILL');
  await exited;
  // Calls sent before the kill have all arrived by now: each is one held.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const inFlight = server.requestCount - ANSWERED;
  const runId = storeQuery<string>(made, 'SELECT id FROM runs');
  answering = true;
  const resumed = await runCli(made.root, ['eval', '--json', '--resume', runId], bareEnv());
  expect(resumed.code).toBe(0);
  expect(JSON.parse(resumed.stdout).totals).toMatchObject({ cells: CELLS, passed: CELLS, errors: 0 });
  expect(storeQuery(made, 'SELECT count(DISTINCT cell_key) FROM run_cells WHERE run_id = ?', runId)).toBe(
    CELLS,
  );
  return { paid: server.requestCount, inFlight, resumed: made };
}

describe('plume eval killed with SIGKILL', () => {
  it('pays again only for the calls in flight at the kill, without the response cache', async () => {
    const { paid, inFlight, resumed } = await killAndResume(['--no-cache']);
    expect(inFlight).toBe(PROVIDER_CONCURRENCY);
    expect(paid).toBeLessThanOrEqual(CELLS + inFlight);
    // The resumed run completed: it keeps no journal.
    expect(storeQuery(resumed, 'SELECT count(*) FROM answer_journal')).toBe(0);
  }, 60_000);

  it("pays again for no grader's answer it had read, without the response cache", async () => {
    // As many cells at once as calls: grades are asked as the answers come, not after 32 answers.
    const { paid, inFlight } = await killAndResume(['--no-cache', '--max-concurrency', '4'], 'rubric');
    expect(inFlight).toBe(PROVIDER_CONCURRENCY);
    expect(paid).toBeLessThanOrEqual(2 * CELLS + inFlight);
  }, 60_000);

  it("pays again for no comparison of a test's answers it had read, without the response cache", async () => {
    const { paid, inFlight } = await killAndResume(['--no-cache', '--max-concurrency', '4'], 'compared');
    expect(inFlight).toBe(PROVIDER_CONCURRENCY);
    expect(paid).toBeLessThanOrEqual(CELLS + TESTS + inFlight);
  }, 60_000);

  it('pays again only for the calls in flight at the kill, with the response cache', async () => {
    const { paid, inFlight } = await killAndResume([]);
    expect(inFlight).toBe(PROVIDER_CONCURRENCY);
    expect(paid).toBeLessThanOrEqual(CELLS + inFlight);
  }, 60_000);
});
