// Speed and memory of `plume eval`, run as a child process against a local OpenAI-compatible stub
// (this process serves it; recordRequests off). Suite: 2 prompts × N tests (JSONL) × 3 assertions
// (contains, regex, character-count). CPU (user+sys) and peak RSS come from /usr/bin/time -v.
//   (0) 10 cells: the start-up cost and the memory floor
//   (a) 2 × N cells, no latency, response cache on (a first run: every call misses and is stored)
//   (b) the same suite again: every cell a cache hit (cells/s, over the whole process and over the
//       run itself: from its creation, after the suite is loaded, to its last cell written)
//   (c) 2,000 cells, 200 ms latency, --max-concurrency 50, cache off: wall vs N × latency / concurrency
//   (d) 1,000,000 cells, no latency, cache off: peak RSS (skip with --skip-million)
//   (e) plume --version
// bin/plume.js runs the CLI bundle (npm run build:cli) while it matches src/: the first line says which.
// (0), (a) and (b) run --runs times (default 3; a shared machine is noisy): figures are min–max.
// The CPU ratio is taken against promptfoo's CPU per cell, measured with bench/eval-vs-promptfoo.ts
// on the same machine (--promptfoo-ms, default 11.05).
// Reproduce: node_modules/.bin/node bench/eval-speed.ts [--tests 10000] [--runs 3] [--million 500000]
//            [--skip-million] [--promptfoo-ms 11.05]
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundleIsCurrent } from '../bin/source-signature.js';
import { type OpenAIStubServer, startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import {
  type ChildCost,
  createPlumeProject,
  NODE,
  PLUME_BIN,
  plumeRunId,
  plumeTotals,
  REPO_ROOT,
  range,
  runSeconds,
  timeChild,
  timePlumeEval,
  verdict,
} from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '10000' },
    million: { type: 'string', default: '500000' },
    'skip-million': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    'promptfoo-ms': { type: 'string', default: '11.05' },
  },
});
const tests = Number(values.tests);
const millionTests = Number(values.million);
const runs = Number(values.runs);

/** promptfoo's CPU per cell on this suite, as bench/eval-vs-promptfoo.ts measured it here. */
const PROMPTFOO_CPU_MS_PER_CELL = Number(values['promptfoo-ms']);

async function withStub<T>(latencyMs: number, body: (server: OpenAIStubServer) => Promise<T>): Promise<T> {
  const server = await startOpenAIStubServer({ latencyMs, recordRequests: false });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

function line(label: string, text: string): void {
  console.log(`${label.padEnd(44)} ${text}`);
}

async function floor(): Promise<void> {
  await withStub(0, async (server) => {
    const root = await createPlumeProject(server.baseURL, 5);
    try {
      const samples: ChildCost[] = [];
      for (let run = 0; run < runs; run++) samples.push(await timePlumeEval(root, ['--no-cache']));
      line(
        '(0) 10 cells (start-up and memory floor)',
        `wall ${range(
          samples.map((sample) => sample.wallSeconds),
          2,
        )} s  CPU ${range(
          samples.map((sample) => sample.cpuSeconds),
          2,
        )} s  peak ${range(
          samples.map((sample) => sample.peakRssMiB),
          0,
        )} MiB`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

async function firstAndCached(): Promise<void> {
  const first: ChildCost[] = [];
  const cached: ChildCost[] = [];
  const cachedRunSeconds: number[] = [];
  let cells = 0;
  await withStub(0, async (server) => {
    for (let run = 0; run < runs; run++) {
      const root = await createPlumeProject(server.baseURL, tests);
      try {
        const firstRun = await timePlumeEval(root, []);
        cells = plumeTotals(firstRun).cells;
        first.push(firstRun);
        const requests = server.requestCount;
        const cachedRun = await timePlumeEval(root, []);
        const totals = plumeTotals(cachedRun);
        if (server.requestCount !== requests || totals.cached !== cells) {
          throw new Error(`the re-run was not fully cached: ${totals.cached} of ${cells} cells`);
        }
        cached.push(cachedRun);
        cachedRunSeconds.push(runSeconds(root, plumeRunId(cachedRun)));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  });
  const cpuMs = first.map((run) => (run.cpuSeconds * 1000) / cells);
  const peaks = first.map((run) => run.peakRssMiB);
  line(
    `(a) ${cells} cells, first run (cache on)`,
    `wall ${range(
      first.map((run) => run.wallSeconds),
      2,
    )} s  CPU ${range(cpuMs, 3)} ms/cell  peak ${range(peaks, 0)} MiB`,
  );
  const ratios = cpuMs.map((ms) => PROMPTFOO_CPU_MS_PER_CELL / ms);
  line(
    `    CPU/cell vs promptfoo (${PROMPTFOO_CPU_MS_PER_CELL} ms)`,
    `${range(ratios, 1)}× less  ${verdict(Math.min(...ratios), 20, 'at least')} (worst run)`,
  );
  line('    peak RSS', `${range(peaks, 0)} MiB  ${verdict(Math.max(...peaks), 150, 'at most')} (worst run)`);
  const rates = cached.map((run) => cells / run.wallSeconds);
  line(
    `(b) ${cells} cells, re-run fully cached`,
    `${range(rates, 0)} cells/s end to end (wall ${range(
      cached.map((run) => run.wallSeconds),
      2,
    )} s)  CPU ${range(
      cached.map((run) => run.cpuSeconds),
      2,
    )} s  peak ${range(
      cached.map((run) => run.peakRssMiB),
      0,
    )} MiB  ${verdict(Math.min(...rates), 20_000, 'at least')} (worst run)`,
  );
  const runRates = cachedRunSeconds.map((seconds) => cells / seconds);
  line(
    '    the run itself (store clock)',
    `${range(runRates, 0)} cells/s (${range(cachedRunSeconds, 2)} s)  ${verdict(
      Math.min(...runRates),
      20_000,
      'at least',
    )} (worst run)`,
  );
}

async function latencyBound(): Promise<void> {
  const latencyMs = 200;
  const concurrency = 50;
  await withStub(latencyMs, async (server) => {
    const root = await createPlumeProject(server.baseURL, 1000);
    try {
      const run = await timePlumeEval(root, ['--no-cache', '--max-concurrency', String(concurrency)]);
      const cells = plumeTotals(run).cells;
      const ideal = (cells * latencyMs) / concurrency / 1000;
      const ratio = run.wallSeconds / ideal;
      line(
        `(c) ${cells} cells, ${latencyMs} ms latency, concurrency ${concurrency}`,
        `wall ${run.wallSeconds.toFixed(2)} s, ideal ${ideal.toFixed(2)} s = ${ratio.toFixed(2)}× ideal (max in flight ${server.maxInFlight})  ${verdict(ratio, 1.3, 'at most')}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

async function million(): Promise<void> {
  await withStub(0, async (server) => {
    const root = await createPlumeProject(server.baseURL, millionTests);
    try {
      const run = await timePlumeEval(root, ['--no-cache']);
      const totals = plumeTotals(run);
      line(
        `(d) ${totals.cells} cells, cache off`,
        `wall ${run.wallSeconds.toFixed(1)} s  CPU ${((run.cpuSeconds * 1000) / totals.cells).toFixed(3)} ms/cell  peak ${run.peakRssMiB.toFixed(0)} MiB  ${verdict(run.peakRssMiB, 250, 'at most')}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

async function version(): Promise<void> {
  const samples: number[] = [];
  for (let index = 0; index < 6; index++) {
    const run = await timeChild(NODE, [PLUME_BIN, '--version'], { cwd: REPO_ROOT });
    if (index > 0) samples.push(run.wallSeconds); // the first warms the file cache
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  line(
    '(e) plume --version, median of 5',
    `${(median * 1000).toFixed(0)} ms  ${verdict(median, 0.3, 'at most')}`,
  );
}

console.log(`plume eval speed, Node ${process.version}, ${process.arch}, 2 prompts × N tests × 3 assertions`);
console.log(
  bundleIsCurrent(REPO_ROOT)
    ? 'CLI: the bundle in dist/cli, current with src/'
    : 'CLI: src/ (the bundle in dist/cli is missing or older than src/: npm run build:cli)',
);
await floor();
await firstAndCached();
await latencyBound();
if (!values['skip-million']) await million();
await version();
const flags = `--tests ${tests} --runs ${runs}${values['skip-million'] ? ' --skip-million' : ` --million ${millionTests}`} --promptfoo-ms ${PROMPTFOO_CPU_MS_PER_CELL}`;
console.log(`reproduce: node_modules/.bin/node bench/eval-speed.ts ${flags}`);
