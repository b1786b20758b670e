import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Breakdown } from '../../src/eval/report/breakdown.ts';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { breakdownSuite } from './breakdown-suite.ts';
import { cliJson, serve } from './served-project.ts';

let project: TempProject;
let server: RunningServer;
let runId: string;

beforeAll(async () => {
  project = createTempProject();
  project.write('plume.suite.yaml', breakdownSuite());
  runId = (await cliJson(project, ['eval'])).runId as string;
  server = await serve(project);
}, 60_000);
afterAll(async () => {
  await server?.close();
  project?.cleanup();
});

async function call<T>(path: string): Promise<[number, T]> {
  const response = await fetch(new URL(path, server.url));
  return [response.status, (await response.json()) as T];
}

describe('breakdown routes', () => {
  it("lists the run's test variables", async () => {
    const [status, variables] = await call(`/api/runs/${runId}/variables`);
    expect(status).toBe(200);
    expect(variables).toEqual([
      { name: 'group', tests: 12 },
      { name: 'word', tests: 12 },
    ]);
  });

  it('gives the report with the breakdown the CLI gives, and the totalled metrics', async () => {
    const [status, report] = await call<{ breakdowns: Breakdown[]; metrics: { metric: string }[] }>(
      `/api/runs/${runId}/report?by=group`,
    );
    expect(status).toBe(200);
    const cli = await cliJson(project, ['runs', 'show', runId, '--by', 'group']);
    expect(report.breakdowns).toEqual(cli.breakdowns);
    const column = report.breakdowns[0]!.columns[0]!;
    expect(column.values.map((cell) => [cell.value, cell.passRate?.estimate])).toEqual([
      ['x', 0],
      ['y', 1],
    ]);
    // 0 of 6 against 6 of 6: Fisher's exact p = 2/924.
    expect(column.test).toMatchObject({ method: 'fisher-exact', significant: true });
    expect(column.test!.pValue).toBeCloseTo(2 / 924, 12);
    expect(report.metrics.map((metric) => metric.metric)).toEqual(['group-x', 'group-y']);
  });

  it('answers an unknown variable with a 400 naming the variables', async () => {
    const [status, body] = await call<{ error: { message: string; hint?: string } }>(
      `/api/runs/${runId}/report?by=team`,
    );
    expect(status).toBe(400);
    expect(body.error.message).toContain("has a variable 'team'");
    expect(body.error.hint).toContain('group, word');
  });
});
