import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Breakdown } from '../../src/eval/report/breakdown.ts';
import type { MetricTotal } from '../../src/eval/report/metric-totals.ts';
import { simTrueAccuracy } from '../../src/models/sim/sim-truth.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

interface Report {
  runId: string;
  breakdowns?: Breakdown[];
  metrics?: MetricTotal[];
}

const projects: TempProject[] = [];
const servers: OpenAIStubServer[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) project.cleanup();
  for (const server of servers.splice(0)) await server.close();
});

function project(config = 'prompts: prompts\ncache: { enabled: false }\n'): TempProject {
  const made = createTempProject({}, config);
  projects.push(made);
  return made;
}

async function plume(where: TempProject, args: string[]) {
  return runCli(where.root, args, bareEnv());
}

async function evalJson(where: TempProject, args: string[]): Promise<Report> {
  const result = await plume(where, ['eval', '--json', ...args]);
  if (result.stdout === '') throw new Error(`plume eval failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

const LANGUAGES = ['en', 'fr', 'de'];
const PROMPT = 'Classify ({{language}}): {{input}}';
const LABELS = ['positive', 'negative'];

/** Each input asked in every language (counterfactual blocks), or each test its own input. */
function tests(items: number, paired: boolean) {
  return Array.from({ length: items * (paired ? LANGUAGES.length : 1) }, (_, index) => {
    const item = paired ? Math.floor(index / LANGUAGES.length) : index;
    return {
      input: `review ${item}`,
      language: LANGUAGES[index % LANGUAGES.length]!,
      label: LABELS[item % 2]!,
    };
  });
}

function writeSuite(where: TempProject, vars: object[], models: object[], extra: object = {}) {
  where.write('tests.jsonl', vars.map((entry) => JSON.stringify({ vars: entry })).join('\n'));
  where.write(
    'suite.json',
    JSON.stringify({
      prompts: [{ label: 'classify', raw: PROMPT }],
      models,
      tests: 'file://tests.jsonl',
      defaultTest: { assert: [{ type: 'equals', value: '{{label}}' }] },
      ...extra,
    }),
  );
}

const simModel = (label: string, sim: object) => ({
  id: 'sim:classify',
  label,
  config: { temperature: 0, sim: { base: 0.75, labels: LABELS, ...sim } },
});

describe('plume eval --by on the sim test instrument', () => {
  it('finds a planted drop for one language, paired on blocks, and estimates it within 3 SE of the truth', async () => {
    const where = project();
    const vars = tests(150, true);
    const weak = { seed: 4, attributes: [{ var: 'language', values: ['fr'], effect: -1.2 }] };
    writeSuite(where, vars, [simModel('weak-fr', weak), simModel('fair', { seed: 5 })]);
    const report = await evalJson(where, ['suite.json', '--by', 'language']);
    const breakdown = report.breakdowns![0]!;
    expect(breakdown.variable).toBe('language');
    expect(breakdown.pairing).toEqual({ paired: true, blocks: 150 });
    expect(breakdown.correction).toBe('holm');
    const [weakColumn, fairColumn] = breakdown.columns;
    expect(weakColumn!.test).toMatchObject({ method: 'cochran-q', significant: true, blocks: 150 });
    expect(weakColumn!.spread!.lowest).toBe('fr');
    expect(weakColumn!.spread!.testsNeeded).toBeGreaterThan(0);
    for (const cell of weakColumn!.values) {
      const subset = vars.filter((entry) => entry.language === cell.value);
      const messages = subset.map((entry) => [
        {
          role: 'user' as const,
          content: PROMPT.replace('{{language}}', entry.language).replace('{{input}}', entry.input),
        },
      ]);
      const truth = simTrueAccuracy({ ...weak, base: 0.75, labels: LABELS }, 'classify', messages, subset);
      const se = Math.sqrt((truth * (1 - truth)) / subset.length);
      expect(Math.abs(cell.passRate!.estimate - truth), cell.value).toBeLessThan(3 * se);
      expect(cell.passRate!.lower).toBeLessThan(cell.passRate!.estimate);
    }
    expect(fairColumn!.test!.significant).toBe(false);
    // The text report says the same.
    const text = await plume(where, ['runs', 'show', report.runId, '--by', 'language']);
    expect(text.stdout).toMatch(/By language: 3 values, paired: 150 blocks/);
    expect(text.stdout).toMatch(/weak-fr: differs across values — Cochran's Q \(paired\)/);
    expect(text.stdout).toMatch(/fair: no evidence that it differs across values/);
  });

  it('rejects no more often than the nominal 5% when nothing differs (200 seeds, paired and unpaired)', async () => {
    for (const paired of [true, false]) {
      const where = project();
      const models = Array.from({ length: 200 }, (_, seed) => simModel(`seed ${seed}`, { seed }));
      writeSuite(where, tests(paired ? 30 : 90, paired), models);
      const report = await evalJson(where, ['suite.json', '--by', 'language']);
      const breakdown = report.breakdowns![0]!;
      expect(breakdown.pairing.paired).toBe(paired);
      const pValues = breakdown.columns.map((column) => column.test!.pValue);
      const rejected = pValues.filter((value) => value < 0.05).length;
      // 5% of 200 is 10, binomial sd 3.1: more than 17 would be a real excess.
      expect(rejected, paired ? 'paired' : 'unpaired').toBeLessThanOrEqual(17);
      // Holm over 200 columns: none survives.
      expect(breakdown.columns.filter((column) => column.test!.significant).length).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('groups the rarest of many values as (other), tests without the variable as (unset)', async () => {
    const where = project();
    const vars = Array.from({ length: 60 }, (_, index) => ({
      input: `item ${index}`,
      label: LABELS[index % 2]!,
      language: 'en',
      ...(index < 50 ? { code: `c${index % 25}` } : {}),
    }));
    writeSuite(where, vars, [simModel('sim', { seed: 1 })]);
    const report = await evalJson(where, ['suite.json', '--by', 'code']);
    const breakdown = report.breakdowns![0]!;
    expect(breakdown.values).toHaveLength(20);
    expect(breakdown.values[0]).toEqual({ value: '(unset)', tests: 10 });
    expect(breakdown.values.at(-1)!.value).toBe('(other)');
    // 25 codes of 2 tests each: 18 shown, 7 grouped (14 tests).
    expect(breakdown.otherValues).toBe(7);
    expect(breakdown.values.at(-1)!.tests).toBe(14);
    expect(breakdown.pairing).toMatchObject({ paired: false });
    expect(breakdown.columns[0]!.test!.method).toBe('monte-carlo-exact');
  });

  it('uses clustered intervals over repeats', async () => {
    const where = project();
    const model = {
      ...simModel('warm', { seed: 2 }),
      config: { temperature: 1, sim: { base: 0.7, labels: LABELS } },
    };
    writeSuite(where, tests(40, false), [model], { repeats: 3 });
    const report = await evalJson(where, ['suite.json', '--by', 'language']);
    const column = report.breakdowns![0]!.columns[0]!;
    expect(column.values.map((cell) => cell.passRate!.method)).toEqual([
      'clustered-wilson',
      'clustered-wilson',
      'clustered-wilson',
    ]);
    expect(column.values.map((cell) => cell.tests).reduce((sum, count) => sum + count, 0)).toBe(40);
    expect(column.test!.pValue).toBeGreaterThan(0);
  });
});

describe('plume eval --by against a local model server that answers one group worse', () => {
  it('finds the group, with exact pass rates, and an exact test for small groups', async () => {
    // The stub answers a German test wrongly unless its number is a multiple of 4: 3 of 12 right.
    const server = await startOpenAIStubServer({
      respond: (request) => {
        const content = String(request.body.messages?.at(-1)?.content ?? '');
        const number = Number(/#(\d+)/.exec(content)?.[1]);
        const right = !content.includes('lang=de') || number % 4 === 0;
        return { text: right ? 'yes' : 'no' };
      },
    });
    servers.push(server);
    const where = project(
      `prompts: prompts\ncache: { enabled: false }\nproviders:\n  local:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
    );
    const lines = Array.from({ length: 36 }, (_, index) => ({
      vars: { question: `#${index}`, lang: ['en', 'fr', 'de'][index % 3]! },
    }));
    where.write(
      'suite.yaml',
      [
        'prompts: ["lang={{lang}} {{question}}"]',
        'models: ["local:tiny"]',
        'defaultTest:',
        '  assert: [{ type: equals, value: "yes", metric: "lang-{{lang}}" }]',
        `tests:\n${lines.map((line) => `  - vars: ${JSON.stringify(line.vars)}`).join('\n')}`,
      ].join('\n'),
    );
    const report = await evalJson(where, ['suite.yaml', '--by', 'lang']);
    const breakdown = report.breakdowns![0]!;
    const rates = Object.fromEntries(
      breakdown.columns[0]!.values.map((cell) => [cell.value, cell.passRate!.estimate]),
    );
    expect(rates).toEqual({ en: 1, fr: 1, de: 3 / 12 });
    // Expected fails of 12 tests at a pass rate of 0.75 are 3, under 5: no χ² reading.
    expect(breakdown.columns[0]!.test).toMatchObject({ method: 'monte-carlo-exact', significant: true });
    expect(breakdown.columns[0]!.spread).toMatchObject({ lowest: 'de', difference: 0.75 });
    // The templated metric names total per column, as pass rates with intervals.
    expect(report.metrics!.map((metric) => metric.metric)).toEqual(['lang-de', 'lang-en', 'lang-fr']);
    const german = report.metrics![0]!.columns[0]!;
    expect(german).toMatchObject({ column: 'local:tiny', tests: 12, kind: 'pass-fail' });
    expect(german.estimate.estimate).toBeCloseTo(0.25, 12);
    expect(german.estimate.method).toBe('wilson');
    // The Markdown report carries the breakdown and the metrics, as the terminal shows them.
    const markdown = await plume(where, ['runs', 'export', report.runId, '-f', 'markdown', '--by', 'lang']);
    expect(markdown.stdout).toContain('By lang: 3 values, unpaired');
    expect(markdown.stdout).toMatch(/local:tiny: differs across values — Monte Carlo exact test/);
    expect(markdown.stdout).toMatch(/lang-de +25\.0% \[/);
  });
});

describe('plume eval --by: mistakes', () => {
  function smallSuite(where: TempProject, metric = 'group-{{group}}') {
    where.write(
      'suite.yaml',
      [
        'prompts: ["Say {{word}}"]',
        'models: ["echo:default"]',
        'defaultTest:',
        `  assert: [{ type: contains, value: "{{word}}", metric: "${metric}" }]`,
        'tests:',
        '  - vars: { word: a, group: x }',
        '  - vars: { word: b, group: y }',
      ].join('\n'),
    );
  }

  it('refuses an unknown variable before the run, listing those the tests have', async () => {
    const where = project();
    smallSuite(where);
    const result = await plume(where, ['eval', 'suite.yaml', '--by', 'grup']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no test of the suite has a variable 'grup'");
    expect(result.stderr).toContain('its tests have: group, word');
    const listed = await plume(where, ['runs', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it('refuses an unknown variable on runs show, and a run stored without its tests', async () => {
    const where = project();
    smallSuite(where);
    const { runId } = await evalJson(where, ['suite.yaml']);
    const unknown = await plume(where, ['runs', 'show', runId, '--by', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`no test of run ${runId} has a variable 'nope'`);
    const db = new Database(join(where.root, '.plume', 'plume.db'));
    db.prepare('DELETE FROM run_tests WHERE run_id = ?').run(runId);
    db.close();
    const old = await plume(where, ['runs', 'show', runId, '--by', 'group']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain(`plume eval --replay ${runId} --by group`);
  });

  it('renders metric names from the test variables, and refuses a bad metric template', async () => {
    const where = project();
    smallSuite(where);
    const report = await evalJson(where, ['suite.yaml']);
    expect(report.metrics!.map((metric) => metric.metric)).toEqual(['group-x', 'group-y']);
    smallSuite(where, 'group-{{ group');
    const braces = await plume(where, ['eval', 'suite.yaml']);
    expect(braces.code).toBe(2);
    expect(braces.stderr).toContain('Nunjucks (Jinja-style) template error');
    smallSuite(where, 'group-{{team}}');
    const missing = await plume(where, ['eval', 'suite.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('uses {{team}}, which this test does not set');
    expect(missing.stderr).toMatch(/suite\.yaml:\d+/);
  });
});
