import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

interface Cell {
  testIndex: number;
  output: string;
  verdict: string;
  assertions: { pass: boolean; reason: string }[];
}

/** Run the suite on echo (it answers with the prompt) and read back its JSON report and its cells in plan order. */
async function evaluate(suite: string, files: Record<string, string> = {}, args: string[] = []) {
  project = createTempProject();
  for (const [path, content] of Object.entries(files)) project.write(path, content);
  project.write('plume.suite.yaml', suite);
  // In text, so that the warnings are on stderr; the figures come from runs show --json.
  const run = await runCli(project.root, ['eval', ...args], bareEnv());
  expect(run.code, run.stderr).toBe(0);
  const runId = /run (\S+) \(completed\)/.exec(run.stdout)?.[1] ?? '';
  const shown = await runCli(project.root, ['runs', 'show', runId, '--json'], bareEnv());
  const report = { runId, ...(JSON.parse(shown.stdout) as { totals: Record<string, number> }) };
  const exported = await runCli(project.root, ['runs', 'export', runId], bareEnv());
  const cells = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Cell);
  return { report, cells, stderr: run.stderr };
}

describe('a promptfoo config run by plume eval, on echo', () => {
  it('runs a test once per combination of its list vars, the first varying slowest', async () => {
    const { cells, report } = await evaluate(
      "prompts: ['{{city}} in {{lang}}']\nproviders: ['echo:default']\n" +
        'tests:\n  - vars: { city: [Paris, Rome], lang: [en, fr], n: [1, 2] }\n' +
        "    assert: [{ type: javascript, value: 'output.startsWith(context.vars.city)' }]\n",
    );
    expect(cells.map((cell) => cell.output)).toEqual([
      'Paris in en',
      'Paris in fr',
      'Rome in en',
      'Rome in fr',
    ]);
    // A list of numbers is one value, kept whole; the suite's own code ran without allowCode.
    expect(report.totals).toMatchObject({ cells: 4, passed: 4, undecided: 0 });
  });

  it("applies options.transform (and defaultTest's) before the checks, and prefix and suffix around the prompt", async () => {
    const { cells } = await evaluate(
      "prompts: ['hello {{name}}']\nproviders: ['echo:default']\n" +
        'defaultTest:\n  options: { transform: output.toUpperCase() }\n' +
        'tests:\n  - vars: { name: ada }\n    assert: [{ type: equals, value: HELLO ADA }]\n' +
        '  - vars: { name: bob }\n    options: { postprocess: "output.length", prefix: "> ", suffix: "!" }\n' +
        '    assert: [{ type: equals, value: "12" }]\n',
    );
    expect(cells.map((cell) => [cell.output, cell.verdict])).toEqual([
      ['HELLO ADA', 'pass'],
      ['12', 'pass'],
    ]);
  });

  it('gives later tests the output an earlier one stored (storeOutputAs), and transformVars its vars', async () => {
    const { cells } = await evaluate(
      "prompts: ['say {{word}}']\nproviders: ['echo:default']\n" +
        'tests:\n  - vars: { word: first }\n    options: { storeOutputAs: earlier }\n' +
        '  - vars: { word: second }\n' +
        '    assert: [{ type: javascript, value: \'context.vars.earlier === "say first"\' }]\n' +
        '  - vars: { word: third }\n    options: { transformVars: "{ ...vars, word: vars.word + \'!\', id: context.uuid.length }" }\n',
    );
    expect(cells.map((cell) => [cell.output, cell.verdict])).toEqual([
      ['say first', 'pass'],
      ['say second', 'pass'],
      ['say third!', 'pass'],
    ]);
  });

  it('reads defaultTest from a file://, and a file:// glob var as one test per file', async () => {
    const { cells } = await evaluate(
      "prompts: ['{{doc}} / {{tone}}']\nproviders: ['echo:default']\ndefaultTest: file://defaults.yaml\n" +
        'tests:\n  - vars: { doc: "file://docs/*.txt" }\n',
      {
        'defaults.yaml': 'vars: { tone: dry }\nassert: [{ type: contains, value: dry }]\n',
        'docs/a.txt': 'first',
        'docs/b.txt': 'second',
      },
    );
    expect(cells.map((cell) => [cell.output, cell.verdict])).toEqual([
      ['first / dry', 'pass'],
      ['second / dry', 'pass'],
    ]);
  });

  it("crosses each scenario's configs with its tests", async () => {
    const { cells } = await evaluate(
      "prompts: ['{{city}} in {{lang}}']\nproviders: ['echo:default']\n" +
        'scenarios:\n  - config: [{ vars: { lang: en } }, { vars: { lang: es } }]\n' +
        '    tests:\n      - vars: { city: Lima }\n      - vars: { city: Quito }\n',
    );
    expect(cells.map((cell) => cell.output)).toEqual([
      'Lima in en',
      'Quito in en',
      'Lima in es',
      'Quito in es',
    ]);
  });

  it('leaves code from a CSV __expected cell undecided without allowCode: true, and reads the __ columns', async () => {
    const csv =
      'name,__expected1,__expected2,__config:__expected2:threshold,__prefix,__description,__metadata:tags[]\n' +
      'Ada,javascript: output.includes("Ada"),similar: hello Ada,0.5,>> ,first,"a,b"\n' +
      'Bob,contains: Bob,,,,second,\n';
    const suite = "prompts: ['hello {{name}}']\nproviders: ['echo:default']\ntests: file://tests.csv\n";
    const { cells, stderr } = await evaluate(suite, { 'tests.csv': csv });
    expect(stderr).toContain('javascript checks from test data will be undecided');
    expect(cells[0]?.output).toBe('>> hello Ada');
    expect(cells[0]?.assertions[0]?.reason).toMatch(/comes from test data/);
    expect(cells[1]?.verdict).toBe('pass');
  });

  it('maps evaluateOptions and targets, writes outputPath, and says which promptfoo keys it does not run', async () => {
    const { report, stderr } = await evaluate(
      "prompts: ['hi {{name}}']\ntargets: ['echo:default']\noutputPath: [results.json, results.csv]\n" +
        'evaluateOptions: { repeat: 2, maxConcurrency: 1, showProgressBar: false }\n' +
        'redteam: { purpose: a travel agent, plugins: [harmful] }\nsharing: true\n' +
        'tests:\n  - vars: { name: Ada }\n',
    );
    expect(report.totals).toMatchObject({ cells: 2 });
    expect(stderr).toContain('plume.suite.yaml:5:1: redteam: plume does not run red-team sections yet');
    expect(stderr).toContain('plume.suite.yaml:6:1: sharing: plume shares nothing');
    expect(stderr).toContain("evaluateOptions.showProgressBar is promptfoo's; plume ignores it");
    const written = JSON.parse(readFileSync(join(project!.root, 'results.json'), 'utf8')) as {
      runId: string;
    };
    expect(written.runId).toBe(report.runId);
    expect(readFileSync(join(project!.root, 'results.csv'), 'utf8').split('\n').length).toBeGreaterThan(2);
  });

  it('runs file://path.js checks and transforms written in the suite, and refuses one outside the project', async () => {
    const files = {
      'checks.js':
        'const long = (s) => s.length > 3;\nmodule.exports = { isLong: (output) => ({ pass: long(output), reason: "long" }) };\n',
      'shout.mjs':
        'export default function (output, context) {\n  return output.toUpperCase() + "/" + context.vars.name;\n}\n',
    };
    const { cells } = await evaluate(
      "prompts: ['hello {{name}}']\nproviders: ['echo:default']\n" +
        'defaultTest:\n  assert: [{ type: javascript, value: "file://checks.js:isLong" }]\n' +
        'tests:\n  - vars: { name: ada }\n    options: { transform: file://shout.mjs }\n' +
        '    assert: [{ type: equals, value: HELLO ADA/ada }]\n',
      files,
    );
    expect(cells.map((cell) => [cell.output, cell.verdict])).toEqual([['HELLO ADA/ada', 'pass']]);
    project!.write(
      'plume.suite.yaml',
      "prompts: ['hi']\nproviders: ['echo:default']\ntests:\n  - assert: [{ type: javascript, value: 'file://../x.js' }]\n",
    );
    const outside = await runCli(project!.root, ['eval'], bareEnv());
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/plume\.suite\.yaml:4:\d+: .*x\.js is outside the project/);
  });

  it("computes derivedMetrics over the named metrics' sums, in the report and its JSON", async () => {
    project = createTempProject();
    const check = (metric: string) => `    assert: [{ type: contains, value: say, metric: ${metric} }]\n`;
    project.write(
      'plume.suite.yaml',
      "prompts: ['say {{w}}']\nproviders: ['echo:default']\n" +
        'derivedMetrics:\n  - { name: precision, value: "tp / (tp + fp)" }\n  - { name: bad, value: "missing * 2" }\n' +
        `tests:\n  - vars: { w: a }\n${check('tp')}  - vars: { w: b }\n${check('tp')}  - vars: { w: c }\n${check('fp')}`,
    );
    const run = await runCli(project.root, ['eval', '--json'], bareEnv());
    expect(run.code, run.stderr).toBe(0);
    const { derivedMetrics } = JSON.parse(run.stdout) as {
      derivedMetrics: { metric: string; columns: { value?: number; reason?: string }[] }[];
    };
    expect(derivedMetrics[0]?.metric).toBe('precision');
    expect(derivedMetrics[0]?.columns[0]?.value).toBeCloseTo(2 / 3, 10);
    expect(derivedMetrics[1]?.columns[0]?.reason).toMatch(/missing is not defined/);
    const text = await runCli(project.root, ['eval', '--no-code'], bareEnv());
    expect(text.stdout).toMatch(/precision\s+– \(not computed: this run allows no code\)/);
  });

  it('refuses a transform that does not compile at the line of its test, before any call', async () => {
    project = createTempProject();
    project.write(
      'plume.suite.yaml',
      "prompts: ['hi']\nproviders: ['echo:default']\ntests:\n  - vars: { a: 1 }\n  - options: { transform: 'output.(' }\n",
    );
    const run = await runCli(project.root, ['eval'], bareEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plume\.suite\.yaml:5.*options\.transform: the JavaScript does not compile/);
  });
});
