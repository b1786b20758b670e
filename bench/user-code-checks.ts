// What a javascript check costs per cell: `plume eval` on echo, N tests (JSONL), cache off, with
// one check per cell, either a built-in one (starts-with) or the same test in suite JavaScript
// (`output.startsWith("Say")`). The javascript check runs in the sandbox processes; the
// difference between the two is the sandbox's cost per check (the call in its locked context, the
// IPC round trip). Cells/s are over the run itself (the store's clock: from the run's creation to
// its last cell written); CPU (user+sys) of plume's process from /usr/bin/time -v plus that of its
// sandbox processes (read from /proc while they run: plume kills them unwaited as it exits), and
// plume's peak RSS. Each variant runs --runs times (a shared machine is noisy): min–max.
// --bin runs another checkout's bin/plume.js (to compare with an earlier version).
// Reproduce: node_modules/.bin/node bench/user-code-checks.ts [--tests 10000] [--runs 3] [--bin path/to/bin/plume.js]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ChildCost,
  median,
  NODE,
  PLUME_BIN,
  plumeRunId,
  plumeTotals,
  range,
  runSeconds,
  timeChild,
  writeTests,
} from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    bin: { type: 'string', default: PLUME_BIN },
  },
});
const tests = Number(values.tests);
const runs = Number(values.runs);
const bin = resolve(values.bin);

const CHECKS = {
  'starts-with (built-in)': "{ type: starts-with, value: 'Say' }",
  'javascript (sandboxed)': '{ type: javascript, value: \'output.startsWith("Say")\' }',
};

async function project(check: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'plume-code-bench-'));
  mkdirSync(join(root, 'prompts'));
  writeFileSync(join(root, 'plume.yaml'), 'prompts: prompts\n');
  writeFileSync(join(root, 'prompts', 'p1.prompt'), 'Say hello to {{name}}.\n');
  writeFileSync(
    join(root, 'plume.suite.yaml'),
    `allowCode: true\nprompts: [p1]\nmodels: ['echo:default']\ndefaultTest:\n  assert:\n    - ${check}\n` +
      'tests: file://tests.jsonl\n',
  );
  await writeTests(join(root, 'tests.jsonl'), tests);
  return root;
}

async function timedEval(root: string): Promise<{ cost: ChildCost; cellsPerSecond: number }> {
  const cost = await timeChild(NODE, [bin, 'eval', '--json', '--no-cache'], { cwd: root });
  if (cost.code !== 0) throw new Error(`plume eval failed (${cost.code}): ${cost.stderr.slice(-2000)}`);
  const totals = plumeTotals(cost);
  if (totals.cells !== tests || totals.passed !== tests)
    throw new Error(`expected ${tests} passing cells, got ${JSON.stringify(totals)}`);
  return { cost, cellsPerSecond: tests / runSeconds(root, plumeRunId(cost)) };
}

console.log(`plume eval on echo, ${tests} cells, one check each; ${runs} runs per variant; ${bin}`);
const medianRate: number[] = [];
for (const [label, check] of Object.entries(CHECKS)) {
  const root = await project(check);
  try {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await timedEval(root));
    const rates = samples.map((sample) => sample.cellsPerSecond);
    medianRate.push(median(rates));
    const cpuPerCell = samples.map((sample) => (sample.cost.cpuSeconds * 1e6) / tests);
    const sandboxPerCell = samples.map((sample) => (sample.cost.descendantCpuSeconds * 1e6) / tests);
    const wall = samples.map((sample) => sample.cost.wallSeconds);
    const rss = samples.map((sample) => sample.cost.peakRssMiB);
    console.log(
      `${label.padEnd(24)} ${range(rates, 0)} cells/s · wall ${range(wall, 2)} s · ` +
        `CPU ${range(cpuPerCell, 0)} µs/cell (sandboxes ${range(sandboxPerCell, 0)}) · peak RSS ${range(rss, 0)} MiB`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
const [builtIn, javascript] = medianRate as [number, number];
console.log(
  `the javascript check costs a run ${((1 / javascript - 1 / builtIn) * 1e6).toFixed(0)} µs per cell ` +
    'more than the built-in one (median runs)',
);
console.log(
  `Reproduce: node_modules/.bin/node bench/user-code-checks.ts --tests ${tests} --runs ${runs}${
    bin === PLUME_BIN ? '' : ` --bin ${values.bin}`
  }`,
);
