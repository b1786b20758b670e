import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// A file a command writes is checked before the command does its work, and written whole or not
// at all.

const SUITE =
  "prompts: [greet]\nmodels: ['echo:default']\ntests:\n  - vars: { name: Ada }\n    assert: [{ type: icontains, value: hello }]\n  - vars: { name: Bob }\n";

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

function greetProject(): TempProject {
  project = createTempProject({ 'greet.prompt': 'Say hello to {{name}}.\n' });
  project.write('plume.suite.yaml', SUITE);
  return project;
}

async function storedRuns(root: string): Promise<unknown[]> {
  return JSON.parse((await runCli(root, ['runs', 'list', '--json'], bareEnv())).stdout);
}

describe('plume eval -o', () => {
  it.each([
    [
      'missing/dir/results.jsonl',
      /--output missing\/dir\/results.jsonl: the folder \S+missing\/dir does not exist\n {2}hint: create it first/,
    ],
    [
      'results.txt',
      /--output results.txt: cannot tell the report format of \S+results.txt from its name\n {2}hint: end the file name with one of \.jsonl \(the cells as JSON lines\), .* \.html \(the report as a web page\)$/m,
    ],
    ['prompts', /--output prompts: \S+prompts is a folder/],
  ])('refuses %s before the run starts, with exit 2', async (file, message) => {
    const root = greetProject().root;
    const result = await runCli(root, ['eval', '-o', file], bareEnv());
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(await storedRuns(root)).toEqual([]);
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });

  it('replaces an existing file whole and leaves no temporary file beside it', async () => {
    const root = greetProject().root;
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out/results.jsonl'), 'an older report, longer than the new one '.repeat(100));
    const result = await runCli(root, ['eval', '-o', 'out/results.jsonl'], bareEnv());
    expect(result.code).toBe(0);
    const lines = readFileSync(join(root, 'out/results.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).output)).toEqual(['Say hello to Ada.', 'Say hello to Bob.']);
    expect(readdirSync(join(root, 'out'))).toEqual(['results.jsonl']);
  });
});

describe('plume runs export -o and lib export -o', () => {
  it('leaves no file behind when the export fails', async () => {
    const root = greetProject().root;
    const result = await runCli(root, ['runs', 'export', 'no-such-run', '-o', 'report.jsonl'], bareEnv());
    expect(result.stderr).toContain("no run 'no-such-run'");
    expect(result.code).toBe(2);
    expect(readdirSync(root).filter((name) => name.includes('report'))).toEqual([]);
  });

  it('refuses a file in a folder that does not exist with a user error, not a crash', async () => {
    const root = greetProject().root;
    const exported = await runCli(root, ['runs', 'export', 'no-such-run', '-o', 'nowhere/r.csv'], bareEnv());
    expect(exported.stderr).toContain('--output nowhere/r.csv: the folder');
    expect(exported.code).toBe(2);
    const library = await runCli(root, ['lib', 'export', 'greet', '-o', 'nowhere/greet.prompt'], bareEnv());
    expect(library.stderr).toContain('--output nowhere/greet.prompt: the folder');
    expect(library.code).toBe(2);
  });

  it('plume init refuses a folder it cannot create with a user error, not a crash', async () => {
    const root = greetProject().root;
    const result = await runCli(root, ['init', 'plume.yaml/project'], bareEnv());
    expect(result.stderr).toMatch(/cannot create the folder \S+plume\.yaml\/project: ENOTDIR/);
    expect(result.code).toBe(2);
  });
});
