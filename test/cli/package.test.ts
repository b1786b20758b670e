// The package as npm publishes it: `npm pack` of this checkout, unpacked, run with the project's
// installed dependencies (no registry is needed). It must hold the bundled CLI and what the CLI
// reads at run time, no sources or tests, and do plume's main job from a fresh folder.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, bundleIsCurrent } from '../../bin/source-signature.js';
import { buildCli } from '../../scripts/build-cli.ts';
import { bareEnv } from '../helpers/bare-env.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NPM = join(ROOT, 'node_modules', '.bin', 'npm');

let work: string;
let unpacked: string;
let files: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'plume-package-'));
  // `--ignore-scripts`: packing must not rebuild this checkout's bundle under the other tests.
  const npm = existsSync(NPM) ? NPM : 'npm';
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  files = packed[0]!.files.map((file) => file.path);
  execFileSync('tar', ['-xzf', join(work, packed[0]!.filename), '-C', work]);
  unpacked = join(work, 'package');
  // A checkout edited since its last build packs a stale bundle: this one is built from its sources.
  if (!bundleIsCurrent(ROOT)) {
    rmSync(join(unpacked, BUNDLE_DIR), { recursive: true, force: true });
    const built = join(work, 'built');
    await buildCli(ROOT, built);
    mkdirSync(join(unpacked, 'dist'), { recursive: true });
    cpSync(built, join(unpacked, BUNDLE_DIR), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(unpacked, 'node_modules'), 'dir');
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function plume(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [join(unpacked, 'bin', 'plume.js'), ...args], {
    cwd,
    env: { ...process.env, ...bareEnv() },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the published package', () => {
  it('holds the bin, the bundled CLI, the schemas and the docs, and no sources or tests', () => {
    expect(files).toContain('bin/plume.js');
    expect(files).toContain('bin/source-signature.js');
    expect(files).toContain(`${BUNDLE_DIR}/main.js`);
    expect(files).toContain('schema/suite.schema.json');
    expect(files).toContain('README.md');
    if (existsSync(join(ROOT, 'ui', 'dist', 'index.html'))) expect(files).toContain('ui/dist/index.html');
    for (const folder of ['src/', 'test/', 'bench/', 'scripts/', '.ci/'])
      expect(files.filter((path) => path.startsWith(folder))).toEqual([]);
    expect(readdirSync(unpacked)).not.toContain('src');
  });

  it('answers --version and runs its main job from a fresh folder: init, then eval', () => {
    const version = plume(work, ['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const project = join(work, 'fresh');
    mkdirSync(project);
    const init = plume(project, ['init', 'demo']);
    expect(init.status, init.stderr).toBe(0);
    const evaluated = plume(project, ['-C', 'demo', 'eval', '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const report = JSON.parse(evaluated.stdout) as { status: string; totals: { cells: number } };
    expect(report.status).toBe('completed');
    expect(report.totals.cells).toBeGreaterThan(0);
  }, 60_000);

  it('runs a promptfoo config with a Nunjucks prompt and a javascript check in its sandbox', () => {
    const project = join(work, 'promptfoo');
    mkdirSync(project);
    writeFileSync(
      join(project, 'promptfooconfig.yaml'),
      "prompts: ['Say {{ word | upper }}']\nproviders: [echo]\ntests:\n  - vars: { word: hi }\n    assert:\n      - type: javascript\n        value: output.includes('HI')\n",
    );
    const evaluated = plume(project, ['eval', 'promptfooconfig.yaml', '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ status: 'completed', totals: { passed: 1 } });
  }, 60_000);
});
