import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// A promptfoo config with what plume takes (a plain inline prompt, a Nunjucks one, a text file,
// a CSV of tests, checks) and what it does not (keys it does not know, a check type it lacks).
const CONFIG = `description: greetings
prompts:
  - 'Say hello to {{ name }}.'
  - label: shout
    raw: '{% if name %}Hi {{ name }}{% endif %}'
  - file://prompts/polite.txt
providers:
  - id: echo:default
    config:
      temperature: 0
      temprature: 3
tests:
  - vars: { name: Ada }
    assert:
      - type: contains
        value: Ada
      - type: no-such-check
        value: x
      - type: icontains
        value: ada
      - type: another-missing-check
  - file://data/tests.csv
  - vars: { name: Lin }
    assert:
      - type: contains
        value: Lin
      - type: regex
        value: '('
sharing: true
`;

interface ImportJson {
  suite: string;
  written: string[];
  prompts: { path: string; from: string }[];
  notCarried: { path?: string; file: string; line?: number; message: string }[];
  loads: boolean;
}

let project: TempProject;
afterEach(() => project.cleanup());

function setUp(): string {
  project = createTempProject();
  project.write('pf/promptfooconfig.yaml', CONFIG);
  project.write('pf/prompts/polite.txt', 'Please greet {{name}}.');
  project.write('pf/data/tests.csv', 'name,__expected\nGrace,contains:Grace\n');
  return join(project.root, 'pf');
}

describe('plume import promptfoo', () => {
  it('writes a suite and Dotprompt files, lists what it left out at file:line, and the suite runs', async () => {
    const folder = setUp();
    const result = await runCli(folder, ['import', 'promptfoo', 'promptfooconfig.yaml', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ImportJson;
    expect(report.loads).toBe(true);
    const config = join(folder, 'promptfooconfig.yaml');
    expect(report.notCarried).toEqual([
      expect.objectContaining({ path: 'tests.0.assert.1', file: config, line: 17 }),
      // Found after assert.1 was dropped, at index 2 then: named as written.
      expect.objectContaining({ path: 'tests.0.assert.3', file: config, line: 21 }),
      expect.objectContaining({ path: 'providers.0.config.temprature', file: config, line: 11 }),
      // Refused when the tests are read, which names the test: the check itself is dropped.
      expect.objectContaining({ path: 'tests.2.assert.1', file: config, line: 27 }),
      // Read and ignored with a warning: not carried over either.
      expect.objectContaining({ file: config, line: 29, message: expect.stringContaining('sharing') }),
    ]);
    expect(report.notCarried[0]!.message).toMatch(/^unknown type "no-such-check"/);
    // The plain inline prompt and the text file become .prompt files; the Nunjucks tag stays inline.
    expect(report.prompts.map((prompt) => prompt.from)).toEqual([
      'prompts.0 (inline)',
      'prompts.2 (file://prompts/polite.txt)',
    ]);
    const suite = parse(readFileSync(join(folder, 'plume.suite.yaml'), 'utf8')) as Record<string, unknown>;
    expect(suite.prompts).toEqual([
      'file://prompts/prompt-1.prompt',
      { label: 'shout', raw: '{% if name %}Hi {{ name }}{% endif %}' },
      'file://prompts/polite.prompt',
    ]);
    expect(suite.models).toEqual([{ id: 'echo:default', config: { temperature: 0 } }]);
    expect(suite).not.toHaveProperty('sharing');
    expect(readFileSync(join(folder, 'prompts/prompt-1.prompt'), 'utf8')).toBe('Say hello to {{ name }}.\n');

    // The written suite runs, and the Dotprompt files render what promptfoo's templates did.
    const cells = await runCli(folder, ['eval', 'plume.suite.yaml', '--json', '-o', 'cells.jsonl']);
    expect(cells.code, cells.stderr).toBeLessThanOrEqual(1);
    const outputs = readFileSync(join(folder, 'cells.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { promptIndex: number; testIndex: number; output: string })
      .filter((cell) => cell.promptIndex !== 1)
      .map((cell) => `${cell.promptIndex}/${cell.testIndex}: ${cell.output}`)
      .sort();
    expect(outputs).toEqual([
      '0/0: Say hello to Ada.',
      '0/1: Say hello to Grace.',
      '0/2: Say hello to Lin.',
      '2/0: Please greet Ada.',
      '2/1: Please greet Grace.',
      '2/2: Please greet Lin.',
    ]);
  });

  it('with --dry-run lists the same and writes nothing', async () => {
    const folder = setUp();
    const result = await runCli(folder, ['import', 'promptfoo', 'promptfooconfig.yaml', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('would write plume.suite.yaml and 2 prompt file(s)');
    expect(result.stdout).toContain('promptfooconfig.yaml:11: providers.0.config.temprature');
    expect(result.stdout).toContain('not carried over (5)');
    expect(existsSync(join(folder, 'plume.suite.yaml'))).toBe(false);
    expect(existsSync(join(folder, 'prompts/prompt-1.prompt'))).toBe(false);
  });

  it('with --out rewrites file paths for the new folder, and refuses to overwrite without --force', async () => {
    const folder = setUp();
    const args = ['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'suites/greetings', '--json'];
    const first = await runCli(project.root, args);
    expect(first.code, first.stdout).toBe(0);
    const out = join(project.root, 'suites/greetings');
    const suite = parse(readFileSync(join(out, 'plume.suite.yaml'), 'utf8')) as { tests: unknown[] };
    expect(suite.tests[1]).toBe('file://../../pf/data/tests.csv');
    const run = await runCli(out, ['eval', 'plume.suite.yaml', '--json']);
    expect(run.code, run.stdout).toBeLessThanOrEqual(1);
    expect((JSON.parse(run.stdout) as { totals: { cells: number } }).totals.cells).toBe(9);

    const again = await runCli(project.root, args);
    expect(again.code).toBe(2);
    expect(again.stdout).toContain('already exist');
    expect((await runCli(project.root, [...args, '--force'])).code).toBe(0);
    expect(existsSync(join(folder, 'plume.suite.yaml'))).toBe(false);
  });

  it('says where a config is not YAML, and refuses code configs', async () => {
    project = createTempProject();
    project.write('bad.yaml', 'prompts: [\n');
    project.write('promptfooconfig.js', 'module.exports = {}');
    const bad = await runCli(project.root, ['import', 'promptfoo', 'bad.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+/);
    const code = await runCli(project.root, ['import', 'promptfoo', 'promptfooconfig.js']);
    expect(code.code).toBe(2);
    expect(code.stderr).toContain('only YAML and JSON');
  });
});
