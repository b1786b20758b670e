import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonRecord } from '../../src/stats/comparison-record.ts';
import {
  type OpenAIStubServer,
  type StubRequest,
  startOpenAIStubServer,
} from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { ENV, serve } from '../server/served-project.ts';

/**
 * Planted effects, answered by a local stub of the OpenAI wire format: of 120 tests, `plain`
 * greets the first half, `warm` the first 90% and `brief` what `plain` does but test 7 only on its
 * first repeat (a flaky test). Every third test has a description; the others are named by their
 * variables. Two repeats.
 */
const TESTS = 120;
const PROMPTS = {
  'plain.prompt': 'Plain: say hello to {{name}}.\n',
  'warm.prompt': 'Warm: say hello to {{name}}.\n',
  'brief.prompt': 'Brief: say hello to {{name}}.\n',
};

function suite(): string {
  const tests = Array.from({ length: TESTS }, (_, index) => {
    const described = index % 3 === 0 ? `    description: 'greets guest number ${index + 1}'\n` : '';
    return `  - vars: { name: Guest${index + 1}, city: Lyon }\n${described}`;
  });
  return `prompts: [plain, warm, brief]\nmodels: ['stub:tiny']\nrepeats: 2\ndefaultTest:\n  assert: [{ type: contains, value: hello }]\ntests:\n${tests.join('')}`;
}

function answer(request: StubRequest, asked: Map<string, number>): string {
  const content = String(request.body.messages?.at(-1)?.content ?? '');
  const guest = Number(/Guest(\d+)/.exec(content)?.[1] ?? 0);
  const times = (asked.get(content) ?? 0) + 1;
  asked.set(content, times);
  const prompt = /^(\w+):/.exec(content)?.[1];
  const greets =
    prompt === 'Warm'
      ? guest <= 0.9 * TESTS
      : prompt === 'Brief' && guest === 7
        ? times === 1
        : guest <= TESTS / 2;
  return greets ? `hello Guest${guest}` : `bye Guest${guest}`;
}

let project: TempProject;
let stub: OpenAIStubServer;
let evalJson: Record<string, unknown> & { runId: string; comparisons: ComparisonRecord[] };

async function cli(args: string[]) {
  const result = await runCli(project.root, args, ENV);
  expect(result.stderr).not.toMatch(/error/i);
  return result;
}

beforeAll(async () => {
  const asked = new Map<string, number>();
  stub = await startOpenAIStubServer({ respond: (request) => ({ text: answer(request, asked) }) });
  project = createTempProject(
    PROMPTS,
    `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${stub.baseURL}\n`,
  );
  project.write('plume.suite.yaml', suite());
  evalJson = JSON.parse((await runCli(project.root, ['eval', '--json'], ENV)).stdout);
});

afterAll(async () => {
  await stub.close();
  project.cleanup();
});

describe('comparisons with every figure, and tests named by number and description', () => {
  it('gives each comparison its pass rates, n, both intervals, raw and adjusted p, methods and verdict', () => {
    const [plainWarm, plainBrief, warmBrief] = evalJson.comparisons;
    expect(plainWarm).toMatchObject({
      a: 'plain',
      b: 'warm',
      kind: 'pass-fail',
      n: TESTS,
      repeats: 2,
      passRateA: { estimate: 0.5, confidence: 0.95 },
      passRateB: { estimate: 0.9, confidence: 0.95 },
      comparisons: 3,
      alpha: 0.05,
      method: { correction: 'holm' },
      decision: 'significant',
      significant: true,
      winner: 'warm',
    });
    expect(plainWarm!.difference.unadjusted.estimate).toBeCloseTo(0.4, 12);
    expect(plainWarm!.difference.unadjusted.confidence).toBe(0.95);
    // Ranked first of 3 by Holm: decided at α/3, and its interval at 1 − α/3.
    expect(plainWarm!.difference.adjusted.confidence).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(plainWarm!.difference.adjusted.lower).toBeLessThan(plainWarm!.difference.unadjusted.lower);
    expect(plainWarm!.adjustedPValue).toBeGreaterThanOrEqual(plainWarm!.pValue);
    expect(plainWarm!.verdict).toMatch(
      /^warm beats plain: \+40\.0 pp \[\d+\.\d, \d+\.\d\] \(98\.3% interval\), p < 0\.001/,
    );
    // Brief differs from plain on one flaky test: no difference, and its interval holds 0.
    expect(plainBrief!.decision).toBe('not-significant');
    expect(plainBrief!.difference.adjusted.lower).toBeLessThanOrEqual(0);
    expect(plainBrief!.difference.adjusted.upper).toBeGreaterThanOrEqual(0);
    expect(plainBrief!.method.test).toMatch(/^sign-flip/);
    expect(warmBrief!.winner).toBe('warm');
  });

  it('gives the same comparisons in eval --json, runs show --json and the HTTP API', async () => {
    const shown = JSON.parse((await cli(['runs', 'show', evalJson.runId, '--json'])).stdout);
    expect(shown.comparisons).toEqual(evalJson.comparisons);
    const server = await serve(project);
    try {
      const response = await fetch(new URL(`/api/runs/${evalJson.runId}/report`, server.url));
      const report = (await response.json()) as { comparisons: unknown; flaky: unknown };
      expect(report.comparisons).toEqual(evalJson.comparisons);
      expect(report.flaky).toEqual(evalJson.flaky);
    } finally {
      await server.close();
    }
  });

  it('numbers tests from 1 and names them by description or first variables, in the report and the export', async () => {
    expect(evalJson.flaky).toEqual([
      {
        test: 7,
        testId: expect.stringMatching(/^[0-9a-f]{16}$/),
        label: 'greets guest number 7',
        columns: ['brief'],
      },
    ]);
    const failures = evalJson.failures as { test: number; label?: string; testId: string }[];
    expect(failures[0]).toMatchObject({ test: 7, label: 'greets guest number 7' });
    const text = (await cli(['runs', 'show', evalJson.runId])).stdout;
    expect(text).toContain('  test 7 “greets guest number 7”  in brief');
    expect(text).not.toContain(`  ${(evalJson.flaky as { testId: string }[])[0]!.testId}  in`);
    const cells = (await cli(['runs', 'export', evalJson.runId])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { test: number; testId: string; testIndex: number });
    const flakyCells = cells.filter(
      (cell) => cell.testId === (evalJson.flaky as { testId: string }[])[0]!.testId,
    );
    expect(new Set(flakyCells.map((cell) => cell.test))).toEqual(new Set([7]));
    expect(Math.min(...cells.map((cell) => cell.test))).toBe(1);
    expect(Math.max(...cells.map((cell) => cell.test))).toBe(TESTS);
    const markdown = (await cli(['runs', 'export', evalJson.runId, '-f', 'markdown'])).stdout;
    expect(markdown).toContain('test 7 “greets guest number 7”');
    // A test without a description is named by its first variables.
    expect(markdown).toMatch(/test 62 “name=Guest62, city=Lyon” \(repeat 1\) · plain/);
    const html = (await cli(['runs', 'export', evalJson.runId, '-f', 'html'])).stdout;
    expect(html).toContain('test 7 “greets guest number 7” in brief');
  });

  it('names the tests a later run regressed on by number and description', async () => {
    project.writePrompt('warm.prompt', 'Plain: say hello to {{name}}.\n');
    const later = JSON.parse((await runCli(project.root, ['eval', '--json'], ENV)).stdout).runId as string;
    const text = (await cli(['runs', 'compare', evalJson.runId, later])).stdout;
    // Guests 61–108 regressed under warm; test 61 has a description, test 62 is named by its variables.
    expect(text).toMatch(
      /regressed on 48 tests:\n {4}test 61 “greets guest number 61” .*\n {4}test 62 “name=Guest62, city=Lyon” /,
    );
    const json = JSON.parse((await cli(['runs', 'compare', evalJson.runId, later, '--json'])).stdout);
    const warm = json.columns.find((column: { prompt: string }) => column.prompt === 'warm');
    expect(warm.drift.regressed[1]).toMatchObject({ test: 62 });
    expect(warm.drift.regressed[1].label).toBe('name=Guest62, city=Lyon');
    expect(warm.comparison).toMatchObject({ a: evalJson.runId, b: later, n: TESTS, decision: 'significant' });
    expect(warm.comparison.difference.unadjusted.estimate).toBeCloseTo(-0.4, 12);
  });
});
