// What a flaky provider costs a run. The same suite (2 prompts × N tests) runs against a local
// OpenAI-compatible server twice: fault-free, then with a seeded 30% fault mix (10% 429 with
// Retry-After 1 s, 10% 500, 5% connection reset, 5% malformed JSON in a 200). Prints the time
// ratio, the cells that ended as errors, and the cells whose answer differs from the fault-free run.
//
//   node_modules/.bin/node bench/fault-run.ts [--tests 1000] [--concurrency 16] [--latency 20] [--seed 1] [--runs 3]
//
// Each of `--runs` rounds times a fault-free run and a faulty one back to back; the ratio reported is
// the median of the rounds' ratios, since on a shared machine one run can take twice another.
// `--concurrency` is the provider's limit (providers.fault.concurrency in plume.yaml); the run keeps
// its default number of cells in flight. Targets: at most 3× the fault-free time, at most 0.5% errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type FaultMix, MIXED_FAULTS, startFaultServer } from '../test/helpers/fault-server.ts';
import {
  median,
  plumeRunId,
  plumeTotals,
  range,
  runSeconds,
  timePlumeEval,
  verdict,
  writeTests,
} from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    latency: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
  },
});
const tests = Number(values.tests);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values.latency);
const seed = Number(values.seed);
const runs = Number(values.runs);

interface Measured {
  seconds: number;
  cells: number;
  errors: number;
  errorCodes: Map<string, number>;
  outputs: Map<string, string | null>;
  requests: number;
}

async function measure(mix: FaultMix): Promise<Measured> {
  const server = await startFaultServer({ seed, mix, latencyMs });
  const root = await createProject(server.baseURL);
  try {
    const cost = await timePlumeEval(root, ['--no-cache']);
    const runId = plumeRunId(cost);
    const totals = plumeTotals(cost);
    const { outputs, errorCodes } = readCells(root, runId);
    return {
      seconds: runSeconds(root, runId),
      cells: totals.cells,
      errors: totals.errors,
      errorCodes,
      outputs,
      requests: server.requestCount,
    };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function createProject(baseURL: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'plume-fault-bench-'));
  mkdirSync(join(root, 'prompts'));
  writeFileSync(
    join(root, 'plume.yaml'),
    `prompts: prompts\nproviders:\n  fault:\n    type: openai-compatible\n    baseURL: ${baseURL}\n` +
      `    concurrency: ${concurrency}\n`,
  );
  writeFileSync(join(root, 'prompts', 'p1.prompt'), 'Say hello to {{name}}.\n');
  writeFileSync(join(root, 'prompts', 'p2.prompt'), 'Greet {{name}} warmly.\n');
  writeFileSync(
    join(root, 'plume.suite.yaml'),
    "prompts: [p1, p2]\nmodels: ['fault:tiny']\ndefaultTest:\n  assert:\n" +
      "    - { type: starts-with, value: 'answer ' }\ntests: file://tests.jsonl\n",
  );
  await writeTests(join(root, 'tests.jsonl'), tests);
  return root;
}

function readCells(root: string, runId: string) {
  const db = new Database(join(root, '.plume', 'plume.db'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT cell_key, output, error_code FROM run_cells WHERE run_id = ?')
      .all(runId) as { cell_key: string; output: string | null; error_code: string | null }[];
    const outputs = new Map(rows.map((row) => [row.cell_key, row.output]));
    const errorCodes = new Map<string, number>();
    for (const row of rows) {
      if (row.error_code !== null) errorCodes.set(row.error_code, (errorCodes.get(row.error_code) ?? 0) + 1);
    }
    return { outputs, errorCodes };
  } finally {
    db.close();
  }
}

const rounds: { clean: Measured; faulty: Measured }[] = [];
for (let round = 0; round < runs; round++)
  rounds.push({ clean: await measure({}), faulty: await measure(MIXED_FAULTS) });
const ratio = median(rounds.map((round) => round.faulty.seconds / round.clean.seconds));
// The faults are seeded: every round meets the same ones, so its errors and answers are the same too.
const { clean, faulty } = rounds[0]!;
const errorShare = faulty.errors / faulty.cells;
let differing = 0;
for (const [key, output] of faulty.outputs) {
  if (output !== null && output !== clean.outputs.get(key)) differing++;
}
const codes = [...faulty.errorCodes].map(([code, count]) => `${code} ${count}`).join(', ') || 'none';
const seconds = (pick: (round: { clean: Measured; faulty: Measured }) => Measured) =>
  range(
    rounds.map((round) => pick(round).seconds),
    2,
  );

console.log(
  `fault run: ${faulty.cells} cells, provider concurrency ${concurrency}, ${latencyMs} ms a request, seed ${seed}, ${runs} rounds`,
);
console.log(
  `  fault-free: ${seconds((round) => round.clean)} s, ${clean.requests} requests, ${clean.errors} errors`,
);
console.log(`  30% faults: ${seconds((round) => round.faulty)} s, ${faulty.requests} requests`);
console.log(`  time ratio (median): ${ratio.toFixed(2)}× ${verdict(Number(ratio.toFixed(2)), 3, 'at most')}`);
console.log(
  `  error cells: ${faulty.errors} (${(errorShare * 100).toFixed(2)}%: ${codes}) ${verdict(Number((errorShare * 100).toFixed(2)), 0.5, 'at most')}`,
);
console.log(
  `  answers differing from the fault-free run: ${differing} of ${faulty.cells - faulty.errors} answered cells`,
);
console.log(
  `reproduce: node_modules/.bin/node bench/fault-run.ts --tests ${tests} --concurrency ${concurrency} --latency ${latencyMs} --seed ${seed} --runs ${runs}`,
);
