// What large suites cost to load and plan, run as a child process: wall, CPU and peak RSS from
// /usr/bin/time -v.
//   (1) `plume eval --dry-run` on N tests in a JSONL file sharing defaultTest's checks: the scan
//       of a big data file (every row read, validated and hashed; repeated tests told apart)
//   (2) `plume eval` on the echo provider (no network, no latency) of M tests written inline in
//       the suite, each with checks of its own (a regex, a prefix, a latency bound), so that every
//       test's checks are parsed and compiled
// Each runs on a fresh store (no cached scan). --runs times each (default 3): figures are min–max.
// Reproduce: node_modules/.bin/node bench/suite-load.ts [--tests 500000] [--inline 10000] [--runs 3]
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ChildCost, createPlumeProject, NODE, PLUME_BIN, range, timeChild } from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '500000' },
    inline: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
  },
});
const tests = Number(values.tests);
const inline = Number(values.inline);
const runs = Number(values.runs);

function line(label: string, costs: readonly ChildCost[]): void {
  const wall = range(
    costs.map((cost) => cost.wallSeconds),
    2,
  );
  const cpu = range(
    costs.map((cost) => cost.cpuSeconds),
    2,
  );
  const peak = range(
    costs.map((cost) => cost.peakRssMiB),
    0,
  );
  console.log(`${label.padEnd(52)} wall ${wall} s  CPU ${cpu} s  peak ${peak} MiB`);
}

/** `plume eval --json` with `args` on a fresh store, `runs` times. */
async function evals(root: string, args: string[]): Promise<ChildCost[]> {
  const costs: ChildCost[] = [];
  for (let run = 0; run < runs; run++) {
    rmSync(join(root, '.plume'), { recursive: true, force: true });
    const cost = await timeChild(NODE, [PLUME_BIN, 'eval', '--json', ...args], { cwd: root });
    if (cost.code !== 0) throw new Error(`plume eval failed (${cost.code}): ${cost.stderr.slice(-2000)}`);
    costs.push(cost);
  }
  return costs;
}

/** An inline suite of `count` tests, each with three checks of its own, for the echo provider. */
function writeInlineSuite(root: string, count: number): void {
  const rows: string[] = [];
  for (let index = 0; index < count; index++) {
    rows.push(
      `  - vars: { name: user-${index} }\n    assert:\n` +
        `      - { type: regex, value: 'user-${index}\\.$' }\n` +
        `      - { type: starts-with, value: 'Say hello to user-${index}' }\n` +
        `      - { type: latency, threshold: ${1000 + index} }`,
    );
  }
  writeFileSync(
    join(root, 'plume.suite.yaml'),
    `prompts: [p1]\nmodels: ['echo:default']\ntests:\n${rows.join('\n')}\n`,
  );
}

console.log(`plume suite load, Node ${process.version}, ${process.arch}`);
// The stub is never called: the projects only need a provider to name.
const root = await createPlumeProject('http://127.0.0.1:9/v1', tests);
try {
  line(`(1) ${tests} JSONL tests, dry run`, await evals(root, ['--dry-run']));
  writeInlineSuite(root, inline);
  line(`(2) ${inline} inline tests with own checks, echo run`, await evals(root, []));
} finally {
  rmSync(root, { recursive: true, force: true });
}
console.log(
  `reproduce: node_modules/.bin/node bench/suite-load.ts --tests ${tests} --inline ${inline} --runs ${runs}`,
);
