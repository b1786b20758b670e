// The CLI bundle (scripts/build-cli.ts) runs as src/ does, and bin/plume.js uses it only while
// it matches the sources.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, bundleIsCurrent, STAMP_FILE, sourceSignature } from '../../bin/source-signature.js';
import { buildCli, builtinImportsAsCalls } from '../../scripts/build-cli.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// A body with a helper, so that its render loads Dotprompt from its own chunk.
const PROMPTS = {
  'greet.prompt': 'Say hello to {{name}}.\n',
  'formal.prompt': '{{role "system"}}Be formal.\n{{role "user"}}Greet {{name}}.\n',
};
const SUITE = `prompts: [greet, formal]
models: ['echo:default']
tests:
  - vars: { name: Ada }
    assert: [{ type: icontains, value: ada }, { type: regex, value: '^echo' }]
  - vars: { name: Bob }
    assert: [{ type: word-count, value: { max: 3 } }]
`;

/** Run the CLI's main from `entry` in a child process, as bin/plume.js would. */
function runFrom(entry: string, cwd: string, args: string[]) {
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const result = spawnSync(process.execPath, ['--input-type=module', '--eval', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...bareEnv() },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// What a run reports, less what differs from one run to the next.
function comparable(stdout: string) {
  const report = JSON.parse(stdout) as {
    run: unknown;
    columns: Record<string, unknown>[];
    comparisons: unknown;
  };
  return {
    columns: report.columns.map(({ latencyP50: _latency, ...column }) => column),
    comparisons: report.comparisons,
  };
}

describe('the CLI bundle', () => {
  // Inside the package, as dist/cli is: the bundle finds package.json by walking up.
  const outDir = join(REPO_ROOT, 'dist', `cli-test-${process.pid}`);
  let project: TempProject;
  beforeAll(async () => {
    await buildCli(REPO_ROOT, outDir);
    project = createTempProject(PROMPTS);
    project.write('plume.suite.yaml', SUITE);
  }, 60_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    project.cleanup();
  });

  it('is stamped with the sources it was built from', () => {
    expect(readFileSync(join(outDir, STAMP_FILE), 'utf8')).toBe(sourceSignature(REPO_ROOT));
  });

  it('runs an eval as the sources do, lazily loaded parts included', () => {
    const bundled = runFrom(join(outDir, 'main.js'), project.root, ['--json', 'eval']);
    expect(bundled.stderr).toBe('');
    expect(bundled.code).toBe(0);
    const source = runFrom(join(REPO_ROOT, 'src/cli/main.ts'), project.root, ['--json', 'eval']);
    expect(source.code).toBe(0);
    expect(comparable(bundled.stdout)).toEqual(comparable(source.stdout));
    const version = runFrom(join(outDir, 'main.js'), project.root, ['--version']);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version,
    );
  });

  it('imports no built-in module through an ESM facade', () => {
    const chunks = readdirSync(outDir).filter((name) => name.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(10);
    for (const name of chunks) {
      expect(readFileSync(join(outDir, name), 'utf8')).not.toMatch(/^import (?!\* as ).* from "node:/m);
    }
  });

  it('loads node:child_process only for a spawn, which no plume command makes', () => {
    const main = pathToFileURL(join(outDir, 'main.js')).href;
    const script = `const { main } = await import(${JSON.stringify(main)});
      process.exitCode = await main(['--json', 'eval']);
      process.stderr.write(String(process.moduleLoadList.includes('NativeModule child_process')));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '--eval', script], {
      cwd: project.root,
      encoding: 'utf8',
      env: { ...process.env, ...bareEnv() },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('false');
  });

  it("runs a suite's JavaScript in its sandbox process", () => {
    const coded = createTempProject(PROMPTS);
    try {
      coded.write(
        'plume.suite.yaml',
        "allowCode: true\nprompts: [greet]\nmodels: ['echo:default']\ntests:\n  - vars: { name: Ada }\n" +
          '    assert: [{ type: javascript, value: \'output.includes(context.vars.name) && typeof process === "undefined"\' }]\n',
      );
      const bundled = runFrom(join(outDir, 'main.js'), coded.root, ['--json', 'eval']);
      expect(bundled.code, bundled.stderr).toBe(0);
      const report = JSON.parse(bundled.stdout) as { totals: { passed: number; errors: number } };
      expect(report.totals).toMatchObject({ passed: 1 });
    } finally {
      coded.cleanup();
    }
  });
});

describe('bundleIsCurrent', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'plume-signature-'));
    mkdirSync(join(root, 'src/cli'), { recursive: true });
    mkdirSync(join(root, BUNDLE_DIR), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'src/cli/main.ts'), 'export {};\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const stamp = () => writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), sourceSignature(root));

  it('holds until a source file is edited, added or removed, or package.json changes', () => {
    expect(bundleIsCurrent(root)).toBe(false);
    stamp();
    expect(bundleIsCurrent(root)).toBe(true);
    const file = join(root, 'src/cli/main.ts');
    writeFileSync(file, 'export {}; \n');
    expect(bundleIsCurrent(root)).toBe(false);
    stamp();
    // The same size, only a later time: still an edit.
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(bundleIsCurrent(root)).toBe(false);
    stamp();
    writeFileSync(join(root, 'src/cli/extra.ts'), '');
    expect(bundleIsCurrent(root)).toBe(false);
    rmSync(join(root, 'src/cli/extra.ts'));
    stamp();
    writeFileSync(join(root, 'package.json'), '{ }');
    expect(bundleIsCurrent(root)).toBe(false);
  });
});

describe('builtinImportsAsCalls', () => {
  it('turns a default or named built-in import into a process.getBuiltinModule call, line for line', () => {
    const code = [
      'import { a as b } from "./chunk.js";',
      'import fs from "node:fs";',
      'import * as path from "node:path";',
      'import { hash, createHash as makeHash } from "node:crypto";',
      'import { stat } from "node:fs/promises";',
      'import process from "node:process";',
      'fs.readFileSync(path.join("a", "b"));',
    ].join('\n');
    expect(builtinImportsAsCalls(code)?.toString().split('\n')).toEqual([
      'import { a as b } from "./chunk.js";',
      'const fs = globalThis.process.getBuiltinModule("node:fs");',
      'import * as path from "node:path";',
      'const { hash, createHash: makeHash } = globalThis.process.getBuiltinModule("node:crypto");',
      'const { stat } = globalThis.process.getBuiltinModule("node:fs/promises");',
      // A binding named process cannot read the global it shadows: globalThis's is read.
      'const process = globalThis.process.getBuiltinModule("node:process");',
      'fs.readFileSync(path.join("a", "b"));',
    ]);
  });

  it('leaves a chunk without built-in imports as it is', () => {
    expect(
      builtinImportsAsCalls('import { a } from "./chunk.js";\nconst node = "node:fs";\n'),
    ).toBeUndefined();
  });
});
