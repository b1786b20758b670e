// CLI start-up: wall time of `plume --version` and `plume render` on a fresh example project.
// Reproduce: node_modules/.bin/node bench/cli-start.ts [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleIsCurrent } from '../bin/source-signature.js';

const runs = Number(process.argv[2] ?? 20);
const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'plume.js');
const project = mkdtempSync(join(tmpdir(), 'plume-bench-'));

function time(args: string[]): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`plume ${args.join(' ')} failed: ${result.stderr}`);
    if (i > 0) samples.push(ms); // the first run warms the compile cache
  }
  return samples.sort((a, b) => a - b);
}

function report(label: string, samples: number[]): void {
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(0);
  console.log(
    `${label.padEnd(34)} median ${at(0.5)} ms   p90 ${at(0.9)} ms   min ${samples[0]!.toFixed(0)} ms`,
  );
}

try {
  spawnSync(process.execPath, [bin, 'init', '.'], { cwd: project });
  console.log(`plume CLI start-up, ${runs} runs each, Node ${process.version}, ${process.arch}`);
  console.log(
    bundleIsCurrent(root)
      ? 'CLI: the bundle in dist/cli'
      : 'CLI: src/ (no current bundle: npm run build:cli)',
  );
  report('plume --version', time(['--version']));
  report('plume --help', time(['--help']));
  report('plume render haiku --var topic=x', time(['render', 'haiku', '--var', 'topic=autumn']));
  console.log(`reproduce: node_modules/.bin/node bench/cli-start.ts ${runs}`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
