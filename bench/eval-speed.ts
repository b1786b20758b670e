// Speed and memory of `plume eval`, run as a child process against a local OpenAI-compatible stub
// (this process serves it; recordRequests off). Suite: 2 prompts × N tests (JSONL) × 3 assertions
// (contains, regex, character-count). CPU (user+sys) and peak RSS come from /usr/bin/time -v.
//   (a) 20,000 cells, no latency, response cache on (a first run: every call misses and is stored)
//   (b) the same suite again: every cell a cache hit (cells/s)
//   (c) 2,000 cells, 200 ms latency, --max-concurrency 50, cache off: wall vs N × latency / concurrency
//   (d) 1,000,000 cells, no latency, cache off: peak RSS (skip with --skip-million)
//   (e) plume --version
// Reproduce: node_modules/.bin/node bench/eval-speed.ts [--tests 10000] [--million 500000] [--skip-million]
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type OpenAIStubServer, startOpenAIStubServer } from '../test/helpers/openai-stub-server.ts';
import {
  createPlumeProject,
  NODE,
  PLUME_BIN,
  plumeTotals,
  REPO_ROOT,
  timeChild,
  timePlumeEval,
  verdict,
} from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '10000' },
    million: { type: 'string', default: '500000' },
    'skip-million': { type: 'boolean', default: false },
  },
});
const tests = Number(values.tests);
const millionTests = Number(values.million);

/** promptfoo 0.121.20's figure on this kind of machine (the issue): 10 ms of CPU per cell. */
const PROMPTFOO_CPU_MS_PER_CELL = 10;

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

async function firstAndCached(): Promise<void> {
  await withStub(0, async (server) => {
    const root = await createPlumeProject(server.baseURL, tests);
    try {
      const first = await timePlumeEval(root, []);
      const cells = plumeTotals(first).cells;
      const cpuMs = (first.cpuSeconds * 1000) / cells;
      line(
        `(a) ${cells} cells, first run (cache on)`,
        `wall ${first.wallSeconds.toFixed(2)} s  CPU ${first.cpuSeconds.toFixed(2)} s = ${cpuMs.toFixed(3)} ms/cell  peak ${first.peakRssMiB.toFixed(0)} MiB`,
      );
      line(
        '    CPU/cell vs promptfoo 0.121.20 (10 ms)',
        `${(PROMPTFOO_CPU_MS_PER_CELL / cpuMs).toFixed(1)}× less  ${verdict(PROMPTFOO_CPU_MS_PER_CELL / cpuMs, 20, 'at least')}`,
      );
      line(
        '    peak RSS',
        `${first.peakRssMiB.toFixed(0)} MiB  ${verdict(first.peakRssMiB, 150, 'at most')}`,
      );
      const requests = server.requestCount;
      const cached = await timePlumeEval(root, []);
      const totals = plumeTotals(cached);
      if (server.requestCount !== requests || totals.cached !== cells) {
        throw new Error(`the re-run was not fully cached: ${totals.cached} of ${cells} cells`);
      }
      const rate = cells / cached.wallSeconds;
      line(
        `(b) ${cells} cells, re-run fully cached`,
        `wall ${cached.wallSeconds.toFixed(2)} s = ${rate.toFixed(0)} cells/s  CPU ${cached.cpuSeconds.toFixed(2)} s  peak ${cached.peakRssMiB.toFixed(0)} MiB  ${verdict(rate, 20_000, 'at least')}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
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
await firstAndCached();
await latencyBound();
if (!values['skip-million']) await million();
await version();
const flags = `--tests ${tests}${values['skip-million'] ? ' --skip-million' : ` --million ${millionTests}`}`;
console.log(`reproduce: node_modules/.bin/node bench/eval-speed.ts ${flags}`);
