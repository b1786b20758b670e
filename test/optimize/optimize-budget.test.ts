import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectTests } from '../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../src/eval/suite/load-suite.ts';
import { TECHNIQUES } from '../../src/library/techniques/catalogue.ts';
import type { OptimizationReport } from '../../src/optimize/optimize-prompt.ts';
import { decideSave } from '../../src/optimize/save-decision.ts';
import { DEFAULT_SPLIT, splitTests } from '../../src/optimize/split-tests.ts';
import { isPlumeError } from '../../src/util/errors.ts';
import { plural } from '../../src/util/plural.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { runOptimization, testSettings } from './run-optimization.ts';
import { LABELS, simProject } from './sim-project.ts';

const INSTRUCTION = 'Classify the sentiment of this review as positive, negative or neutral.';
const PROMPT = `---\nconfig:\n  temperature: 0\n---\n${INSTRUCTION}\nReview: {{input}}\n`;

/** A number in [0, 1) fixed by `text`: the stub's seeded noise. */
function draw(text: string): number {
  return Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 12), 16) / 2 ** 48;
}

/**
 * A project on an OpenAI-compatible stub whose accuracy is planted: `accuracy(input, added)` is
 * the chance it answers a review's gold label (review N has label N mod 3), given whether the
 * prompt holds a catalogue technique the starting prompt does not (the catalogue's detectors
 * decide), so that any technique the edits add carries the effect.
 */
async function stubProject(
  tests: number,
  accuracy: (input: string, added: boolean) => number,
): Promise<{ project: TempProject; server: OpenAIStubServer }> {
  const planted = TECHNIQUES.filter((technique) => technique.id !== 'few-shot' && !technique.detect(PROMPT));
  const server = await startOpenAIStubServer({
    respond: (request) => {
      const text = (request.body.messages ?? []).map((message) => String(message.content)).join('\n');
      const input = /customer review number \d+/.exec(text)?.[0] ?? '';
      const gold = LABELS[Number(input.replace(/\D/g, '')) % 3]!;
      const added = planted.some((technique) => technique.detect(text));
      const right = draw(`${input}|${added}`) < accuracy(input, added);
      return { text: right ? gold : LABELS[(LABELS.indexOf(gold) + 1) % 3]! };
    },
  });
  const project = createTempProject(
    { 'classify.prompt': PROMPT },
    `prompts: prompts\ncache: { enabled: false }\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
  );
  const lines = Array.from({ length: tests }, (_, index) =>
    JSON.stringify({ vars: { input: `customer review number ${index}`, label: LABELS[index % 3] } }),
  );
  writeFileSync(join(project.root, 'tests.jsonl'), lines.join('\n'));
  project.write(
    'plume.suite.yaml',
    "prompts: [classify]\nmodels: ['stub:tiny']\ndefaultTest: { assert: [{ type: equals, value: '{{label}}' }] }\ntests: file://tests.jsonl\n",
  );
  return { project, server };
}

/** The inputs of the held-out tests, as plume optimize splits them (default split, seed 0). */
async function heldOutInputs(project: TempProject): Promise<Set<string>> {
  const suite = await loadSuite(join(project.root, 'plume.suite.yaml'));
  const split = splitTests(await collectTests(suite), DEFAULT_SPLIT, 0);
  return new Set(split.test.map((test) => String(test.vars.input)));
}

/** Rows add up to the total; none is missing; the validation figures are on the same tests. */
function expectConsistent(report: OptimizationReport, strategies: readonly string[]) {
  const sum = (pick: (spent: OptimizationReport['spent']) => number) =>
    report.spending.reduce((total, row) => total + pick(row.spent), 0);
  expect(sum((spent) => spent.calls)).toBe(report.spent.calls);
  expect(sum((spent) => spent.inputTokens + spent.outputTokens)).toBe(
    report.spent.inputTokens + report.spent.outputTokens,
  );
  expect(report.spending.map((row) => row.part)).toEqual(['baseline', ...strategies, 'held-out']);
  expect(report.spending.reduce((total, row) => total + row.candidates, 0)).toBe(report.candidatesTried);
  expect(report.start.validationTests).toBe(report.minimum.winnerTests);
  expect(report.winner.validationTests).toBe(report.minimum.winnerTests);
  const scores = report.trajectory.map((point) => point.score);
  expect(scores).toEqual([...scores].sort((a, b) => a - b));
  expect(new Set(report.trajectory.map((point) => point.tests))).toEqual(
    new Set([report.minimum.winnerTests]),
  );
}

describe('the optimizer budget, its summary figures and when the winner is saved', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('refuses a budget below the minimum before the first call, naming the minimum and its split', async () => {
    const { project, server } = await stubProject(400, () => 0.6);
    cleanups.push(
      () => project.cleanup(),
      () => server.close(),
    );
    const refused = await runCli(project.root, ['optimize', 'classify', '--budget-calls', '100'], bareEnv());
    expect(refused.code).toBe(2);
    const found = /--budget-calls 100 is below the minimum of (\d+) calls/.exec(refused.stderr);
    expect(found).not.toBeNull();
    const reserve =
      /and (\d+) calls reserved for the held-out test \(the start and the winner on (\d+) held-out tests\)/.exec(
        refused.stderr,
      );
    expect(Number(reserve![1])).toBe(2 * Number(reserve![2]));
    expect(refused.stderr).toContain(`give --budget-calls ${found![1]} or more`);
    expect(server.requests.length).toBe(0);
    // The dry run states the same minimum, and that plume optimize refuses this budget.
    const dry = await runCli(
      project.root,
      ['optimize', 'classify', '--budget-calls', '100', '--dry-run', '--json'],
      bareEnv(),
    );
    expect(dry.code).toBe(0);
    const estimate = JSON.parse(dry.stdout);
    expect(estimate.minimum.total.calls).toBe(Number(found![1]));
    expect(estimate.shortfalls[0].message).toBe(
      found![0]!.replace(/ calls$/, ' calls for this optimization'),
    );
    const list = await runCli(project.root, ['optimizations', '--json'], bareEnv());
    expect(JSON.parse(list.stdout)).toEqual([]);
    // At the minimum it runs, and the held-out test runs.
    const atMinimum = await runCli(
      project.root,
      ['optimize', 'classify', '--budget-calls', found![1]!, '--no-save', '--json'],
      bareEnv(),
    );
    expect(atMinimum.code).toBe(0);
    const report = JSON.parse(atMinimum.stdout) as OptimizationReport;
    expect(report.heldOut?.tests).toBe(report.split.test);
    expect(report.spent.calls).toBeLessThanOrEqual(Number(found![1]));
    expectConsistent(report, ['edits', 'few-shot']);
  }, 60_000);

  it('adds the rows up to the total under every budget from 100 to 600 calls (sim)', async () => {
    const project = simProject({ settings: { seed: 7, base: 0.4, effects: { role: 1.0 } }, tests: 60 });
    cleanups.push(() => project.cleanup());
    for (let calls = 100; calls <= 600; calls += 100) {
      const { report, close } = await runOptimization(
        project,
        testSettings(project, { budget: { calls }, strategies: ['edits', 'few-shot'] }),
      );
      close();
      expect(report.spent.calls).toBeLessThanOrEqual(calls);
      expect(report.heldOut).toBeDefined();
      expectConsistent(report, ['edits', 'few-shot']);
    }
  }, 60_000);

  it('does not pick a winner on fewer validation tests than asked, and compares it on the same ones (sim)', async () => {
    const project = simProject({ settings: { seed: 3, base: 0.35, effects: { role: 1.5 } }, tests: 200 });
    cleanups.push(() => project.cleanup());
    const settings = testSettings(project, {
      search: { candidates: 8, iterations: 3, minBatch: 8, exhaustive: false, minWinnerTests: 40 },
    });
    const { report, close } = await runOptimization(project, settings);
    close();
    expect(report.minimum.winnerTests).toBe(40);
    expect(report.winner.body).not.toBe(report.start.body);
    expectConsistent(report, ['edits']);
    await expect(
      runOptimization(
        project,
        testSettings(project, { search: { ...settings.search, minWinnerTests: 5000 } }),
      ),
    ).rejects.toSatisfy(
      (error) =>
        isPlumeError(error) &&
        /--min-validation 5000 is more than the \d+ validation tests/.test(error.message),
    );
  }, 60_000);

  it('keeps the start when it is significantly better on held-out tests, and saves the winner only with --save-anyway (stub)', async () => {
    // Planted: an added technique helps on every test but the held-out ones, where it hurts.
    let heldOut = new Set<string>();
    const { project, server } = await stubProject(240, (input, added) =>
      added ? (heldOut.has(input) ? 0.15 : 0.95) : 0.6,
    );
    cleanups.push(
      () => project.cleanup(),
      () => server.close(),
    );
    heldOut = await heldOutInputs(project);
    const file = join(project.root, 'prompts', 'classify.prompt');
    const args = [
      'optimize',
      'classify',
      '--strategies',
      'edits',
      '--budget-calls',
      '1500',
      '--write',
      '--json',
    ];
    const kept = await runCli(project.root, args, bareEnv());
    expect(kept.code).toBe(0);
    const report = JSON.parse(kept.stdout);
    expect(report.heldOut.worse).toBe(true);
    expect(report.saved).toBe(false);
    expect(report.written).toBe(false);
    expect(report.reason).toBe(
      `kept the start: the start is significantly better on ${plural(report.heldOut.tests, 'held-out test')}; pass --save-anyway to save the winner`,
    );
    expect(readFileSync(file, 'utf8')).toBe(PROMPT);
    const history = await runCli(project.root, ['lib', 'history', 'classify', '--json'], bareEnv());
    expect(history.stdout).not.toContain('optimized');
    const text = await runCli(project.root, ['optimizations', report.id], bareEnv());
    expect(text.stdout).toContain('kept the start: the start is significantly better');
    const anyway = await runCli(project.root, [...args, '--save-anyway'], bareEnv());
    expect(anyway.code).toBe(0);
    const saved = JSON.parse(anyway.stdout);
    expect(saved.saved).toBe(true);
    expect(saved.reason).toMatch(/^saved anyway \(--save-anyway\): the start is significantly better/);
    expect(readFileSync(file, 'utf8')).toBe(PROMPT.slice(0, PROMPT.indexOf(INSTRUCTION)) + saved.winner.body);
    const conflict = await runCli(
      project.root,
      ['optimize', 'classify', '--no-save', '--save-anyway'],
      bareEnv(),
    );
    expect(conflict.code).toBe(2);
  }, 90_000);

  it('writes a winner that beats the start over the prompt file, keeping its front matter and instruction (stub)', async () => {
    const { project, server } = await stubProject(240, (_input, added) => (added ? 0.95 : 0.45));
    cleanups.push(
      () => project.cleanup(),
      () => server.close(),
    );
    const file = join(project.root, 'prompts', 'classify.prompt');
    const result = await runCli(
      project.root,
      ['optimize', 'classify', '--strategies', 'edits', '--budget-calls', '1500', '--write', '--json'],
      bareEnv(),
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.heldOut.significant).toBe(true);
    expect(report).toMatchObject({ saved: true, written: true });
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith('---\nconfig:\n  temperature: 0\n---\n')).toBe(true);
    expect(written).toContain(INSTRUCTION);
    expect(written).toContain('{{input}}');
    expect(written.endsWith(report.winner.body)).toBe(true);
    expectConsistent(report, ['edits']);
  }, 60_000);

  it('decides on saving from the held-out comparison alone', () => {
    const heldOut = (lift: number, pValue: number) => ({
      tests: 40,
      startRate: 0.5,
      winnerRate: 0.5 + lift,
      lift,
      low: lift - 0.1,
      high: lift + 0.1,
      pValue,
      significant: pValue < 0.05 && lift > 0,
      worse: pValue < 0.05 && lift < 0,
      verdict: '',
    });
    const bodies = { startBody: 'a', winnerBody: 'b' };
    const save = { save: true, saveAnyway: false };
    expect(decideSave({ ...bodies, heldOut: heldOut(0.2, 0.01) }, save).save).toBe(true);
    expect(decideSave({ ...bodies, heldOut: heldOut(0.05, 0.3) }, save)).toMatchObject({
      save: false,
      reason:
        'kept the start: the winner is not significantly better on 40 held-out tests; pass --save-anyway to save the winner',
    });
    expect(
      decideSave({ ...bodies, heldOut: heldOut(0.05, 0.3) }, { save: true, saveAnyway: true }).save,
    ).toBe(true);
    expect(
      decideSave({ ...bodies, heldOut: heldOut(0.2, 0.01) }, { save: false, saveAnyway: false }).save,
    ).toBe(false);
    expect(decideSave({ startBody: 'a', winnerBody: 'a', heldOut: heldOut(0, 1) }, save).save).toBe(false);
    expect(plural(1, 'candidate')).toBe('1 candidate');
    expect(plural(2, 'candidate')).toBe('2 candidates');
  });
});
