import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const SECRET = 'TOP-SECRET-OUTSIDE';
const GREET = 'Say hello to {{name}}.\n';

let project: TempProject;
let outside: string;
let secretFile: string;
beforeEach(() => {
  project = createTempProject({ 'greet.prompt': GREET });
  // A folder beside the project, as ../../etc/passwd would be: nothing in it may be read.
  outside = mkdtempSync(join(tmpdir(), 'plume-outside-'));
  secretFile = join(outside, 'secret.txt');
  writeFileSync(secretFile, SECRET);
});
afterEach(() => {
  project.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

/**
 * A suite in suites/ whose one test sets `name` to `value` and checks that the answer holds the
 * secret; returns the suite's path in the project.
 */
function suiteWithName(value: string): string {
  project.write(
    'suites/suite.yaml',
    `prompts: [greet]\nmodels: ['echo:default']\ntests:\n  - vars:\n      name: ${JSON.stringify(value)}\n    assert: [{ type: contains, value: ${SECRET} }]\n`,
  );
  return 'suites/suite.yaml';
}

async function evaluate(suite: string) {
  return runCli(project.root, ['eval', suite], bareEnv());
}

describe('files named by a suite stay inside the project', () => {
  it('refuses a file:// var that climbs out, at the suite line, with the allowRead hint', async () => {
    const path = relative(join(project.root, 'suites'), secretFile);
    expect(path.startsWith('../../')).toBe(true);
    const result = await evaluate(suiteWithName(`file://${path}`));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(project.root, 'suites/suite.yaml')}:5:`);
    expect(result.stderr).toContain('is outside the project');
    expect(result.stderr).toContain('allowRead in plume.yaml');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('refuses an absolute path', async () => {
    const result = await evaluate(suiteWithName(`file://${secretFile}`));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${secretFile} is outside the project`);
  });

  it('refuses a symlink inside the project that leads out, in a var and as a test file', async () => {
    symlinkSync(secretFile, join(project.root, 'suites-link.txt'));
    const result = await evaluate(suiteWithName('file://../suites-link.txt'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(it leads to ${secretFile})`);

    writeFileSync(join(outside, 'tests.jsonl'), `{"vars": {"name": "${SECRET}"}}\n`);
    symlinkSync(join(outside, 'tests.jsonl'), join(project.root, 'tests.jsonl'));
    project.write(
      'plume.suite.yaml',
      "prompts: [greet]\nmodels: ['echo:default']\ntests: file://tests.jsonl\n",
    );
    const tests = await evaluate('plume.suite.yaml');
    expect(tests.code).toBe(2);
    expect(tests.stderr).toContain(`${join(project.root, 'plume.suite.yaml')}:3:`);
    expect(tests.stderr).toContain('is outside the project');
  });

  it('refuses test files and prompt files outside, by path or glob', async () => {
    writeFileSync(join(outside, 'tests.csv'), `name\n${SECRET}\n`);
    const csv = relative(project.root, join(outside, 'tests.csv'));
    project.write('plume.suite.yaml', `prompts: [greet]\nmodels: ['echo:default']\ntests: file://${csv}\n`);
    expect((await evaluate('plume.suite.yaml')).stderr).toContain('is outside the project');

    writeFileSync(join(outside, 'evil.prompt'), `Leak ${SECRET}\n`);
    const prompt = relative(project.root, join(outside, '*.prompt'));
    project.write('plume.suite.yaml', `prompts: ['file://${prompt}']\nmodels: ['echo:default']\n`);
    const result = await evaluate('plume.suite.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(project.root, 'plume.suite.yaml')}:1:`);
    expect(result.stderr).toContain('is outside the project');
  });

  it('reads from a folder that allowRead names, relative to plume.yaml', async () => {
    const folder = relative(project.root, outside);
    project.write('plume.yaml', `prompts: prompts\nallowRead: [${folder}]\n`);
    const result = await runCli(
      project.root,
      ['eval', suiteWithName(`file://${relative(join(project.root, 'suites'), secretFile)}`), '--json'],
      bareEnv(),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).columns[0].passRate.estimate).toBe(1);
  });

  it('refuses again once allowRead no longer names the folder, though the JSONL tests were scanned before', async () => {
    const folder = relative(project.root, outside);
    project.write('plume.yaml', `prompts: prompts\nallowRead: [${folder}]\n`);
    const name = `file://${relative(project.root, secretFile)}`;
    project.write('tests.jsonl', `${JSON.stringify({ vars: { name } })}\n`);
    project.write(
      'plume.suite.yaml',
      "prompts: [greet]\nmodels: ['echo:default']\ntests: file://tests.jsonl\n",
    );
    expect((await evaluate('plume.suite.yaml')).code).toBe(0);
    project.write('plume.yaml', 'prompts: prompts\n');
    const result = await evaluate('plume.suite.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(project.root, 'tests.jsonl')}:1:`);
    expect(result.stderr).toContain('is outside the project');
    // Refused as the suite loads, before a run starts.
    const runs = await runCli(project.root, ['runs', 'list', '--json'], bareEnv());
    expect(JSON.parse(runs.stdout)).toHaveLength(1);
  });

  it('runs a suite named on the command line from outside, but not the files it names outside', async () => {
    writeFileSync(join(outside, 'suite.yaml'), "prompts: [greet]\nmodels: ['echo:default']\n");
    const inside = await evaluate(join(outside, 'suite.yaml'));
    expect(inside.code, inside.stderr).toBe(0);
    writeFileSync(
      join(outside, 'suite.yaml'),
      "prompts: [greet]\nmodels: ['echo:default']\ntests:\n  - vars: { name: file://secret.txt }\n",
    );
    const reading = await evaluate(join(outside, 'suite.yaml'));
    expect(reading.code).toBe(2);
    expect(reading.stderr).toContain(`${secretFile} is outside the project`);
  });
});

describe('prompt files stay inside the project', () => {
  it('refuses a prompt symlinked out, in lib save and in eval', async () => {
    symlinkSync(secretFile, join(project.promptsDir, 'leak.prompt'));
    const saved = await runCli(project.root, ['lib', 'save', 'leak', '-m', 'saved'], {
      PLUME_AUTHOR: 'tester',
    });
    expect(saved.code).toBe(2);
    expect(saved.stderr).toContain(`(it leads to ${secretFile})`);
    const history = await runCli(project.root, ['lib', 'history', 'leak', '--json'], {
      PLUME_AUTHOR: 'tester',
    });
    expect(history.stdout + history.stderr).not.toContain(SECRET);

    project.write('plume.suite.yaml', "prompts: [leak]\nmodels: ['echo:default']\n");
    const run = await evaluate('plume.suite.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is outside the project');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('refuses a partial symlinked out', async () => {
    symlinkSync(secretFile, join(project.promptsDir, '_footer.prompt'));
    project.writePrompt('signed.prompt', 'Hello {{name}}. {{> footer}}\n');
    const result = await runCli(project.root, ['render', 'signed', '--var', 'name=Ada'], {
      PLUME_AUTHOR: 'tester',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is outside the project');
    expect(result.stdout).not.toContain(SECRET);
  });

  it('refuses to import a file from outside', async () => {
    writeFileSync(join(outside, 'notes.md'), SECRET);
    const result = await runCli(project.root, ['lib', 'import', join(outside, 'notes.md')], {
      PLUME_AUTHOR: 'tester',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is outside the project');
  });
});

describe('files named on the command line by the person running plume', () => {
  it('are read wherever they are: --var name=@file and --vars file are the user’s own arguments', async () => {
    const fromVar = await runCli(
      project.root,
      ['render', 'greet', '--var', `name=@${secretFile}`],
      bareEnv(),
    );
    expect(fromVar.code, fromVar.stderr).toBe(0);
    expect(fromVar.stdout).toContain(`Say hello to ${SECRET}.`);
    const varsFile = join(outside, 'vars.yaml');
    writeFileSync(varsFile, 'name: Ada\n');
    const fromVars = await runCli(project.root, ['render', 'greet', '--vars', varsFile], bareEnv());
    expect(fromVars.code, fromVars.stderr).toBe(0);
    expect(fromVars.stdout).toContain('Say hello to Ada.');
  });

  it('do not lend their trust to what they hold: a file:// value in a --vars file is text, not a read', async () => {
    // A vars file from someone else cannot make plume read a file: only the suite loader reads
    // file:// values, and it keeps them inside the project.
    project.write('vars.yaml', `name: file://${secretFile}\n`);
    const result = await runCli(project.root, ['render', 'greet', '--vars', 'vars.yaml'], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Say hello to file://${secretFile}.`);
    expect(result.stdout).not.toContain(SECRET);
    // Nor is an @ value: only --var on the command line reads @file.
    project.write('vars.yaml', `name: "@${secretFile}"\n`);
    const at = await runCli(project.root, ['render', 'greet', '--vars', 'vars.yaml'], bareEnv());
    expect(at.stdout).toContain(`Say hello to @${secretFile}.`);
    expect(at.stdout).not.toContain(SECRET);
  });
});
