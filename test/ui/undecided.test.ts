import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { ENV, serve } from '../server/served-project.ts';
import { BROWSER_TESTS, useBrowserPage } from './browser.ts';

let project: TempProject;
let runId: string;
let textLine: string;
let server: RunningServer;
let page: Page;

const SUITE = `allowCode: false
prompts: [greet]
models: ['echo:default']
tests:
  - vars: { name: Ada }
    assert: [{ type: contains, value: hello }]
  - vars: { name: Bob }
    assert: [{ type: contains, value: hello }]
  - vars: { name: Cy }
    assert: [{ type: contains, value: nowhere }]
  - vars: { name: Dee }
    assert: [{ type: javascript, value: 'output.length > 0' }]
`;

// The web app states the run's figures as the CLI does: the same pass rate, decided, errors and undecided.
describe.skipIf(!BROWSER_TESTS)('undecided cells in the web app', () => {
  useBrowserPage({
    start: async () => {
      project = createTempProject({ 'greet.prompt': 'Say hello to {{name}}.\n' });
      project.write('plume.suite.yaml', SUITE);
      const run = await runCli(project.root, ['eval', '--json'], ENV);
      runId = JSON.parse(run.stdout).runId;
      const text = (await runCli(project.root, ['runs', 'show', runId], ENV)).stdout;
      textLine = text.split('\n').find((line) => line.startsWith('pass rate '))!;
      return serve(project);
    },
    ready: (session) => {
      ({ server, page } = session);
    },
    cleanup: () => project?.cleanup(),
  });

  it('shows the pass rate over decided cells with errors and undecided beside it, as the CLI does', async () => {
    expect(textLine).toBe('pass rate 66.7% of 3 decided; 1 undecided');
    await page.goto(`${server.url}#/runs`);
    const row = page.getByTestId('runs').locator('tbody tr').filter({ hasText: runId });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(3, 7)).toEqual(['66.7%', '3', '0', '1']);
    await page.goto(`${server.url}#/runs/${runId}`);
    expect(await page.getByTestId('run-pass-rate').textContent()).toBe(textLine);
    await page.getByTestId('columns').locator('tbody tr').first().waitFor();
    const columns = await page
      .getByTestId('columns')
      .locator('tbody tr')
      .first()
      .locator('td')
      .allTextContents();
    expect(columns[1]).toMatch(/^66\.7% \[/);
    expect(columns.slice(3, 6)).toEqual(['3', '0', '1']);
    expect(await page.getByTestId('undecided').textContent()).toContain(
      'javascript (1 cells): javascript checks (and transforms) need code to be allowed: remove "allowCode: false" from the suite, or run without --no-code',
    );
    await page.locator('.cell.undecided').first().waitFor();
    expect(await page.locator('.cell.undecided').count()).toBe(1);
  });
});
