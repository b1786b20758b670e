// Copies a seeded random sample of promptfoo's example configs (examples/*/promptfooconfig*.yaml)
// out of a git snapshot of the promptfoo repository into a corpus folder outside the project,
// for bench/promptfoo-examples.ts. Each sampled config's whole example folder is copied (so every
// file:// reference inside it comes along), without files of 512 KiB or more and without binaries
// other than small images. The sample is drawn from the sorted list of every such config with a
// fixed seed, never chosen by hand.
// Reproduce: node_modules/.bin/node bench/promptfoo-examples-corpus.ts --git /path/to/promptfoo.git
//            [--ref HEAD] [--count 70] [--seed 18] [--out /tmp/pf-examples]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/eval/run/test-selection.ts';

const { values } = parseArgs({
  options: {
    git: { type: 'string' },
    ref: { type: 'string', default: 'HEAD' },
    count: { type: 'string', default: '70' },
    seed: { type: 'string', default: '18' },
    out: { type: 'string', default: '/tmp/pf-examples' },
  },
});
if (values.git === undefined) throw new Error('--git <git dir of a promptfoo snapshot> is required');
const gitDir = values.git;
const MAX_BYTES = 512 * 1024;
const CONFIG = /^examples\/([^/]+)\/(promptfooconfig[^/]*\.ya?ml)$/;

function git(args: string[]): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 * 1024 * 1024 });
}

const commit = git(['rev-parse', values.ref]).toString().trim();
const listing = git(['ls-tree', '-r', '-l', commit, 'examples'])
  .toString()
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [meta, path] = line.split('\t') as [string, string];
    const [, type, , size] = meta.split(/\s+/);
    return { path, type, size: Number(size) };
  });
const configs = listing
  .map((entry) => entry.path)
  .filter((path) => CONFIG.test(path))
  .sort();
const next = mulberry32(Number(values.seed));
const shuffled = [...configs];
for (let index = shuffled.length - 1; index > 0; index--) {
  const other = Math.floor(next() * (index + 1));
  [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
}
const sample = shuffled.slice(0, Number(values.count)).sort();

const BINARY = /\.(png|jpe?g|gif|webp|pdf|mp3|mp4|wav|ogg|zip|gz|tar|bin|onnx|pt|parquet|sqlite|db)$/i;
const IMAGE = /\.(png|jpe?g|gif|webp)$/i;
rmSync(values.out, { recursive: true, force: true });
const folders = new Set(sample.map((path) => CONFIG.exec(path)![1]!));
let copied = 0;
for (const entry of listing) {
  const folder = entry.path.split('/')[1]!;
  if (!folders.has(folder) || entry.type !== 'blob' || entry.size >= MAX_BYTES) continue;
  if (BINARY.test(entry.path) && !(IMAGE.test(entry.path) && entry.size < 128 * 1024)) continue;
  if (entry.path.includes('/node_modules/')) continue;
  const target = join(values.out, entry.path.slice('examples/'.length));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, git(['show', `${commit}:${entry.path}`]));
  copied++;
}
const manifest = {
  source: gitDir,
  commit,
  seed: Number(values.seed),
  population: configs.length,
  configs: sample.map((path) => path.slice('examples/'.length)),
};
writeFileSync(join(values.out, 'corpus.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `${sample.length} of ${configs.length} configs (seed ${values.seed}) from ${commit.slice(0, 12)}: ${folders.size} folders, ${copied} files in ${values.out}`,
);
console.log(
  `reproduce: node_modules/.bin/node bench/promptfoo-examples-corpus.ts --git ${gitDir} --ref ${commit} --count ${values.count} --seed ${values.seed} --out ${values.out}`,
);
