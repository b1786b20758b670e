import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { breakdownSuite } from '../server/breakdown-suite.ts';
import { cliJson, serve } from '../server/served-project.ts';
import { BROWSER_TESTS, useBrowserPage } from './browser.ts';

let project: TempProject;
let runId: string;
let server: RunningServer;
let page: Page;

describe.skipIf(!BROWSER_TESTS)("a run's breakdown in the browser", () => {
  useBrowserPage({
    start: async () => {
      project = createTempProject();
      project.write('plume.suite.yaml', breakdownSuite());
      runId = (await cliJson(project, ['eval'])).runId as string;
      return serve(project);
    },
    ready: (session) => {
      ({ server, page } = session);
    },
    cleanup: () => project?.cleanup(),
  });

  it('breaks the pass rates down by the variable chosen, with the test across values', async () => {
    await page.goto(`${server.url}#/runs/${runId}`);
    await page.getByTestId('breakdown-variable').selectOption('group');
    const table = page.getByTestId('breakdown-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().locator('td').nth(2).textContent()).toMatch(/^0\.0% \[0\.0%, /);
    expect(await page.getByTestId('breakdown-verdict').textContent()).toMatch(
      /^differs across values — Fisher's exact test, p = 0\.002/,
    );
    expect(await page.getByTestId('breakdown-pairing').textContent()).toContain('unpaired');
    // The named metrics, totalled per column, are in the report's table.
    expect(await page.getByTestId('metrics').locator('tbody tr').count()).toBe(2);
  });
});
