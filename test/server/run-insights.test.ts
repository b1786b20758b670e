import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createGradedProject, type GradedProject } from './graded-project.ts';
import { serve } from './served-project.ts';

let graded: GradedProject;
let server: RunningServer;

beforeAll(async () => {
  graded = await createGradedProject();
  server = await serve(graded.project);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await graded?.close();
});

async function call<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<[number, T]> {
  const response = await fetch(new URL(path, server.url), init);
  return [response.status, (await response.json()) as T];
}

interface Page {
  total: number;
  rows: { testId: string; repeat: number; cells: { key: string; pass: boolean }[] }[];
}

const rowsOf = async (query: string, run = graded.firstRun) => {
  const [status, page] = await call<Page>(`/api/runs/${run}/cells?${query}`);
  expect(status).toBe(200);
  return page.rows.map((row) => `${row.testId}#${row.repeat}`);
};

describe('matrix filters', () => {
  it('keeps the flaky tests: both repeats of a test whose outcome differs between them', async () => {
    expect(await rowsOf('flaky=1')).toHaveLength(2);
    expect(new Set((await rowsOf('flaky=1')).map((row) => row.split('#')[0])).size).toBe(1);
    // The second run's answers do not vary: nothing is flaky.
    expect(await rowsOf('flaky=1', graded.secondRun)).toEqual([]);
  });

  it('keeps the tests whose outcome changed since another run', async () => {
    const flakyTest = (await rowsOf('flaky=1'))[0]!.split('#')[0]!;
    const changed = await rowsOf(`changedSince=${graded.firstRun}`, graded.secondRun);
    const tests = new Set(changed.map((row) => row.split('#')[0]));
    // Bob is greeted now (both repeats); Cy's failing repeat now passes. A test shows with all its repeats.
    expect(tests.size).toBe(2);
    expect(tests.has(flakyTest)).toBe(true);
    expect(changed).toHaveLength(4);
    expect(await rowsOf(`changedSince=${graded.secondRun}`, graded.secondRun)).toEqual([]);
    expect((await call(`/api/runs/${graded.secondRun}/cells?changedSince=nope`))[0]).toBe(404);
  });

  it('keeps the rows where a named metric or a check type fails', async () => {
    const [, checks] = await call<{ name: string; failures: number }[]>(
      `/api/runs/${graded.firstRun}/checks`,
    );
    expect(checks).toEqual([
      { name: 'greeting', failures: 0 },
      { name: 'llm-rubric', failures: 3 },
    ]);
    expect(await rowsOf('failing=llm-rubric')).toHaveLength(3);
    expect(await rowsOf('failing=greeting')).toEqual([]);
    expect(await rowsOf('failing=llm-rubric&flaky=1')).toHaveLength(1);
  });
});

describe("a model-graded check's agreement with people", () => {
  it("gives Cohen's kappa with its interval and the ratings it rests on", async () => {
    const [, empty] = await call<{ ratedCells: number; checks: unknown[] }>(
      `/api/runs/${graded.firstRun}/agreement`,
    );
    expect(empty).toEqual({ ratedCells: 0, checks: [] });
    const page = await call<Page>(`/api/runs/${graded.firstRun}/cells?limit=10`);
    const byRow = new Map(page[1].rows.map((row) => [`${row.testId}#${row.repeat}`, row.cells[0]!]));
    const ids = [...new Set(page[1].rows.map((row) => row.testId))];
    const [ada, bob, , dee] = ids;
    // (judge, person): Ada (pass, pass) ×2, Bob (fail, fail), (fail, pass), Dee (pass, fail), (pass, pass).
    const ratings: [string, boolean][] = [
      [`${ada}#0`, true],
      [`${ada}#1`, true],
      [`${bob}#0`, false],
      [`${bob}#1`, true],
      [`${dee}#0`, false],
      [`${dee}#1`, true],
    ];
    for (const [row, pass] of ratings) {
      const cell = byRow.get(row)!;
      const [status] = await call(`/api/runs/${graded.firstRun}/cells/${cell.key}/rating`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pass }),
      });
      expect(status).toBe(200);
    }
    const [, agreement] = await call<{
      ratedCells: number;
      checks: { name: string; n: number; kappa: number; observedAgreement: number; table: number[][] }[];
    }>(`/api/runs/${graded.firstRun}/agreement`);
    expect(agreement.ratedCells).toBe(6);
    // Only the judge's check: `contains` needs no model.
    expect(agreement.checks.map((check) => check.name)).toEqual(['llm-rubric']);
    const [check] = agreement.checks;
    expect(check!.table).toEqual([
      [3, 1],
      [1, 1],
    ]);
    // p_o = 4/6, p_e = 20/36: kappa = (24 - 20) / (36 - 20) = 0.25.
    expect(check!.n).toBe(6);
    expect(check!.kappa).toBeCloseTo(0.25, 12);
    expect(check!.observedAgreement).toBeCloseTo(4 / 6, 12);
  });
});

describe('statistics in pictures', () => {
  it('bins latency and cost per column on the server', async () => {
    type Distribution = {
      edges: number[];
      columns: { count: number; bins: number[]; quartiles: number[] }[];
    };
    const [, spreads] = await call<{ latencyMs: Distribution; costUsd: Distribution }>(
      `/api/runs/${graded.firstRun}/distributions`,
    );
    for (const spread of [spreads.latencyMs, spreads.costUsd]) {
      expect(spread.edges).toHaveLength(21);
      expect(spread.columns).toHaveLength(1);
      const [column] = spread.columns;
      expect(column!.count).toBe(8);
      expect(column!.bins.reduce((a, b) => a + b, 0)).toBe(8);
      const [min, q1, median, q3, max] = column!.quartiles;
      expect(min! <= q1! && q1! <= median! && median! <= q3! && q3! <= max!).toBe(true);
    }
    expect(spreads.costUsd.columns[0]!.quartiles[4]).toBeGreaterThan(0);
  });
});

describe("a cell's messages", () => {
  it('renders them again from the run manifest and the suite, and says when it cannot', async () => {
    const [, page] = await call<Page>(`/api/runs/${graded.firstRun}/cells?limit=1`);
    const key = page.rows[0]!.cells[0]!.key;
    const url = `/api/runs/${graded.firstRun}/cells/${key}/messages`;
    const [status, shown] = await call<{ available: boolean; messages: { content: string }[] }>(url);
    expect(status).toBe(200);
    expect(shown.available).toBe(true);
    // The first run's version, though the prompt file says "warmly" now.
    expect(shown.messages.at(-1)!.content).toBe('Say hello to Ada.');
    // Like every response, redacted: a secret of the environment never goes out.
    const guarded = await serve(graded.project, { env: { GREETING_TOKEN: 'hello to Ada' } });
    try {
      const response = await fetch(new URL(url, guarded.url));
      expect(await response.text()).toContain('Say [redacted:GREETING_TOKEN].');
    } finally {
      await guarded.close();
    }
    graded.project.write(
      'plume.suite.yaml',
      `${readFileSync(join(graded.project.root, 'plume.suite.yaml'), 'utf8')}  - vars: { name: Eve }\n`,
    );
    const [, changed] = await call<{ available: boolean; reason: string }>(url);
    expect(changed.available).toBe(false);
    expect(changed.reason).toMatch(/changed since the run/);
    expect((await call(`/api/runs/${graded.firstRun}/cells/ffff/messages`))[0]).toBe(404);
  });
});
