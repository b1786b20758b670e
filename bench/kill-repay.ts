// Calls paid again after a kill -9: `plume eval` runs as a child process against a local
// OpenAI-compatible stub that counts every request (this process serves it), is killed with SIGKILL
// at a random moment, and is resumed with --resume. Per kill:
//   in flight  requests the stub had received and not yet answered in full when the kill was sent,
//              plus any that reached it after (sent before the kill): the calls a resume may pay again
//   re-paid    every request of the killed run and of its resume, less the run's cells
//   unread     answers the stub had sent in full before the kill and the store does not hold (in
//              the response cache, the answer journal or a stored cell): answers still on their way
//              into plume when it died, paid again like the calls in flight. re-paid = in flight + unread.
// Each resumed run is checked: every cell stored once, every cell passed.
// It is done --kills times without the response cache (--no-cache: the answer journal) and with it.
// The kill moment: after a random number of requests (10-90% of the cells), then a random part of
// one call's latency, so that kills land between calls, mid-call and mid-answer.
// Then the cost of journaling an answer: one committed row, the statement plume runs (AnswerJournal).
// Reproduce: node_modules/.bin/node bench/kill-repay.ts [--kills 5] [--tests 300] [--latency 100] [--seed 1]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DEFAULT_CONCURRENCY } from '../src/eval/run/run-evaluation.ts';
import type { GenerateResult } from '../src/spec/model.ts';
import type { RunManifest } from '../src/spec/run.ts';
import { CELL_ANSWER } from '../src/store/answer-journal.ts';
import { openDatabase } from '../src/store/database.ts';
import { RunStore } from '../src/store/run-store.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import { createPlumeProject, NODE, PLUME_BIN, timePlumeEval } from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '5' },
    tests: { type: 'string', default: '300' },
    latency: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
  },
});
const kills = Number(values.kills);
const tests = Number(values.tests);
const latencyMs = Number(values.latency);
const cells = 2 * tests;
/** Calls plume has in flight at most: its cells in flight (the project's provider allows 64). */
const WINDOW = DEFAULT_CONCURRENCY;

// A small seeded generator (mulberry32), so a run of the benchmark can be repeated.
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

interface KillOutcome {
  inFlight: number;
  repaid: number;
  unread: number;
  storedAtKill: number;
}

function storeRead<T>(root: string, sql: string, ...params: unknown[]): T {
  const db = new Database(join(root, '.plume', 'plume.db'), { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as T;
  } finally {
    db.close();
  }
}

async function killOnce(server: OpenAIStubServer, cacheArgs: string[]): Promise<KillOutcome> {
  const root = await createPlumeProject(server.baseURL, tests);
  try {
    const first = server.requestCount;
    const killAfter = first + Math.floor(cells * (0.1 + 0.8 * random()));
    const child = spawn(NODE, [PLUME_BIN, 'eval', '--json', ...cacheArgs], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let inFlightAtKill = -1;
    let countAtKill = 0;
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (server.requestCount < killAfter) return;
        clearInterval(poll);
        setTimeout(() => {
          inFlightAtKill = server.inFlight;
          countAtKill = server.requestCount;
          child.kill('SIGKILL');
          resolve();
        }, random() * latencyMs);
      }, 1);
      child.on('exit', () => {
        clearInterval(poll);
        if (inFlightAtKill < 0) reject(new Error('the run ended before it was killed: give it more --tests'));
      });
    });
    await exited;
    // Requests the child sent before it died and that reach the stub only now were in flight too.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inFlight = inFlightAtKill + (server.requestCount - countAtKill);
    const runId = storeRead<string>(root, 'SELECT id FROM runs');
    const storedAtKill = storeRead<number>(root, 'SELECT count(*) FROM run_cells WHERE run_id = ?', runId);
    const kept =
      cacheArgs.length > 0
        ? storedAtKill +
          storeRead<number>(root, 'SELECT count(*) FROM answer_journal WHERE run_id = ?', runId)
        : storeRead<number>(root, 'SELECT count(*) FROM response_cache');
    const answered = countAtKill - first - inFlightAtKill;
    const resumed = await timePlumeEval(root, ['--resume', runId]);
    const totals = (JSON.parse(resumed.stdout) as { totals: { cells: number; passed: number } }).totals;
    const distinct = storeRead<number>(
      root,
      'SELECT count(DISTINCT cell_key) FROM run_cells WHERE run_id = ?',
      runId,
    );
    if (totals.cells !== cells || totals.passed !== cells || distinct !== cells) {
      throw new Error(`the resumed run is wrong: ${JSON.stringify(totals)}, ${distinct} distinct cells`);
    }
    return { inFlight, repaid: server.requestCount - first - cells, unread: answered - kept, storedAtKill };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function report(label: string, outcomes: readonly KillOutcome[]): void {
  const each = outcomes.map(
    (outcome) => `${outcome.repaid}/${outcome.inFlight}/${outcome.unread} (${outcome.storedAtKill} stored)`,
  );
  const worst = Math.max(...outcomes.map((outcome) => outcome.repaid));
  const withinWindow = outcomes.filter((outcome) => outcome.repaid <= WINDOW).length;
  const withinStub = outcomes.filter((outcome) => outcome.repaid <= outcome.inFlight).length;
  const explained = outcomes.filter((outcome) => outcome.repaid === outcome.inFlight + outcome.unread).length;
  const of = `of ${outcomes.length}`;
  console.log(`${label.padEnd(28)} re-paid/in flight/unread per kill: ${each.join(', ')}`);
  console.log(
    `${''.padEnd(28)} worst re-paid ${worst}: ≤ plume's ${WINDOW} cells in flight in ${withinWindow} ${of}, ` +
      `≤ the stub's in flight in ${withinStub} ${of}, = in flight + unread in ${explained} ${of}`,
  );
}

/** CPU and wall time of journaling one answer: one committed row, as AnswerJournal.record does it. */
function journalCost(count: number): { wallUs: number; cpuUs: number } {
  const folder = mkdtempSync(join(tmpdir(), 'plume-journal-bench-'));
  const db = openDatabase(join(folder, 'plume.db'));
  try {
    const store = new RunStore(db);
    store.createRun('bench', {} as RunManifest);
    const answer: GenerateResult = {
      text: 'echo: Say hello to user-1.',
      usage: { inputTokens: 5, outputTokens: 5 },
      finishReason: 'stop',
      modelId: 'stub:tiny',
      latencyMs: 20,
      costUsd: 0.0001,
      cached: false,
    };
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let index = 0; index < count; index++)
      store.journal.record('bench', `k${index}`, CELL_ANSWER, answer);
    const wallUs = ((performance.now() - start) * 1000) / count;
    const used = process.cpuUsage(cpu);
    return { wallUs, cpuUs: (used.user + used.system) / count };
  } finally {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const server = await startOpenAIStubServer({ latencyMs, recordRequests: false });
try {
  console.log(
    `plume kill -9 and resume, Node ${process.version}: 2 prompts × ${tests} tests = ${cells} cells, ` +
      `stub latency ${latencyMs} ms, ${kills} kills a mode`,
  );
  for (const [label, args] of [
    ['--no-cache (answer journal)', ['--no-cache']],
    ['response cache on', []],
  ] as const) {
    const outcomes: KillOutcome[] = [];
    for (let kill = 0; kill < kills; kill++) outcomes.push(await killOnce(server, [...args]));
    report(label, outcomes);
  }
} finally {
  await server.close();
}
const cost = journalCost(5000);
console.log(
  `journaling an answer (5,000 commits)  ${cost.wallUs.toFixed(1)} µs wall, ${cost.cpuUs.toFixed(1)} µs CPU each`,
);
console.log(
  `reproduce: node_modules/.bin/node bench/kill-repay.ts --kills ${kills} --tests ${tests} --latency ${latencyMs} --seed ${values.seed}`,
);
