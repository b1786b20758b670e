import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const SUITE = `prompts:
  - { raw: 'Say hello to {{name}}.', label: hello }
  - { raw: 'Wave at {{name}}, "quoted", and move on.', label: wave }
models: ['echo:default']
tests:
  - vars: { name: Ada }
    assert: [{ type: contains, value: hello }]
  - vars: { name: Bob }
    assert: [{ type: contains, value: Bob }]
`;

const ENV = { PLUME_OFFLINE: '1', PLUME_LOCAL_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

async function runSuite(): Promise<{ project: TempProject; runId: string }> {
  project = createTempProject();
  project.write('plume.suite.yaml', SUITE);
  const result = await runCli(project.root, ['eval', '--json'], ENV);
  expect(result.code).toBe(0);
  return { project, runId: JSON.parse(result.stdout).runId as string };
}

describe('plume runs', () => {
  it('lists runs newest first and shows one', async () => {
    const { project, runId } = await runSuite();
    const listed = JSON.parse((await runCli(project.root, ['runs', 'list', '--json'], ENV)).stdout);
    expect(listed[0]).toMatchObject({ id: runId, status: 'completed', totals: { cells: 4, passed: 3 } });
    expect(listed[0].manifest).toMatchObject({ repeats: 1, testCount: 2, cellCount: 4, cache: 'use' });
    expect(listed[0].manifest.prompts.map((prompt: { label: string }) => prompt.label)).toEqual([
      'hello',
      'wave',
    ]);
    expect(listed[0].manifest.suiteHash).toMatch(/^[0-9a-f]{64}$/);
    const shown = await runCli(project.root, ['runs', 'show', runId], ENV);
    expect(shown.stdout).toMatch(/hello\s+echo:default\s+100\.0%/);
  });

  it('says so for an unknown run, with exit code 2', async () => {
    project = createTempProject();
    const result = await runCli(project.root, ['runs', 'show', 'nope'], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no run 'nope'");
  });

  it('exports cells as JSONL, CSV and JUnit, and the report as Markdown and HTML', async () => {
    const { project, runId } = await runSuite();
    const jsonl = (await runCli(project.root, ['runs', 'export', runId], ENV)).stdout.trim().split('\n');
    expect(jsonl).toHaveLength(4);
    expect(JSON.parse(jsonl[0]!)).toMatchObject({ prompt: 'hello', model: 'echo:default', pass: true });
    // Tests are numbered from 1 in an export as in the report; testIndex (from 0) stays beside.
    expect(jsonl.map((line) => JSON.parse(line).test)).toEqual([1, 2, 1, 2]);
    expect(JSON.parse(jsonl[1]!)).toMatchObject({ test: 2, testIndex: 1 });
    const csv = (await runCli(project.root, ['runs', 'export', runId, '-f', 'csv'], ENV)).stdout;
    expect(csv.split('\n')[0]).toMatch(/^prompt,model,test,test_id,repeat,pass,score/);
    expect(csv.split('\n')[1]).toMatch(/^hello,echo:default,1,[0-9a-f]{16},0,/);
    expect(csv).toContain('"Wave at Ada, ""quoted"", and move on."');
    await runCli(project.root, ['runs', 'export', runId, '-o', 'report.xml'], ENV);
    const xml = readFileSync(join(project.root, 'report.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="plume run');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(/<testcase classname="hello × echo:default" name="test 1 [0-9a-f]{16}"/);
    const markdown = (await runCli(project.root, ['runs', 'export', runId, '-f', 'markdown'], ENV)).stdout;
    expect(markdown).toMatch(/^# plume run /);
    await runCli(project.root, ['runs', 'export', runId, '-o', 'report.html'], ENV);
    const html = readFileSync(join(project.root, 'report.html'), 'utf8');
    expect(html).toContain('<td>[');
    expect(html.match(/<tr class="(pass|fail|error)">/g)).toHaveLength(4);
    expect(html).toContain('Wave at Ada, &quot;quoted&quot;, and move on.');
  });

  it('compares two runs column by column and names a regression', async () => {
    project = createTempProject();
    const names = ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Flo', 'Gus', 'Hal', 'Ivy', 'Jo'];
    const suite = (greeting: string) =>
      `prompts:\n  - { raw: '${greeting} to {{name}}.', label: hello }\nmodels: ['echo:default']\ntests:\n${names
        .map((name) => `  - vars: { name: ${name} }\n    assert: [{ type: contains, value: hello }]`)
        .join('\n')}\n`;
    project.write('plume.suite.yaml', suite('Say hello'));
    const before = JSON.parse((await runCli(project.root, ['eval', '--json'], ENV)).stdout).runId as string;
    project.write('plume.suite.yaml', suite('Say bye'));
    const after = JSON.parse((await runCli(project.root, ['eval', '--json'], ENV)).stdout).runId as string;
    const result = await runCli(project.root, ['runs', 'compare', before, after, '--json'], ENV);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.columns).toHaveLength(1);
    expect(comparison.columns[0]).toMatchObject({
      prompt: 'hello',
      model: 'echo:default',
      tests: 10,
      significant: true,
    });
    expect(comparison.columns[0].before.estimate).toBe(1);
    expect(comparison.columns[0].after.estimate).toBe(0);
    expect(comparison.columns[0].verdict).toMatch(new RegExp(`^${before} beats ${after}: \\+100\\.0 pp`));
    expect(comparison.columns[0].pairedBy).toBe('same column');
    expect(comparison.columns[0].drift).toMatchObject({ sharedTests: 10, changedOutputs: 10, improved: [] });
    expect(comparison.columns[0].drift.regressed).toHaveLength(10);
    expect(comparison.columns[0].drift.regressed[0]).toMatchObject({
      before: 1,
      after: 0,
      beforeOutput: 'Say hello to Ada.',
      afterOutput: 'Say bye to Ada.',
    });
    expect(comparison.columns[0].drift.meanSimilarity).toBeCloseTo(0.75, 5);
    const text = (await runCli(project.root, ['compare', before, after], ENV)).stdout;
    expect(text).toContain('100.0% [72.2%, 100.0%]');
    expect(text).toContain('regressed on 10 tests:');
    expect(text).toContain('"Say hello to Ada." → "Say bye to Ada."'.replace(' → ', '  →  '));
  });

  it('pairs a prompt with itself under another model, to show model drift', async () => {
    project = createTempProject();
    const suite = (model: string) =>
      `prompts:\n  - { raw: 'Say hello to {{name}}.', label: hello }\nmodels: ['${model}']\ntests:\n  - vars: { name: Ada }\n`;
    project.write('plume.suite.yaml', suite('echo:default'));
    const before = JSON.parse((await runCli(project.root, ['eval', '--json'], ENV)).stdout).runId as string;
    project.write('plume.suite.yaml', suite('echo:twin'));
    const after = JSON.parse((await runCli(project.root, ['eval', '--json'], ENV)).stdout).runId as string;
    const comparison = JSON.parse(
      (await runCli(project.root, ['compare', before, after, '--json'], ENV)).stdout,
    );
    expect(comparison.onlyBefore).toEqual([]);
    expect(comparison.columns[0]).toMatchObject({
      model: 'echo:default',
      afterModel: 'echo:twin',
      pairedBy: 'prompt',
      drift: { sharedTests: 1, changedOutputs: 0, meanSimilarity: 1 },
    });
  });
});
