import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createGradedProject, type GradedProject } from '../server/graded-project.ts';
import { serve } from '../server/served-project.ts';
import { BROWSER_TESTS, useBrowserPage } from './browser.ts';

let graded: GradedProject;
let server: RunningServer;
let page: Page;

// End to end in real headless Chromium, over two real `plume eval` runs graded by a judge model
// (a local stub of the OpenAI wire format; see graded-project.ts).
describe.skipIf(!BROWSER_TESTS)('a graded run in the browser', () => {
  useBrowserPage({
    start: async () => {
      graded = await createGradedProject();
      return serve(graded.project);
    },
    ready: (session) => {
      ({ server, page } = session);
    },
    cleanup: () => graded?.close(),
  });

  // A fresh load each time, so no state of an earlier test carries over.
  const open = async (route: string) => {
    await page.goto('about:blank');
    await page.goto(`${server.url}#/${route}`);
  };
  const rowCount = (text: string) => page.getByTestId('row-count').getByText(text, { exact: true }).waitFor();

  it('filters the matrix: flaky tests, tests changed since a run, a failing check', async () => {
    await open(`runs/${graded.firstRun}`);
    await rowCount('8 rows');
    await page.getByLabel('flaky').check();
    await rowCount('2 rows');
    await page.getByLabel('failing check').selectOption('llm-rubric');
    await rowCount('1 row');
    await page.getByLabel('flaky').uncheck();
    await rowCount('3 rows');
    await page.getByLabel('failing check').selectOption('');
    await rowCount('8 rows');
    await open(`runs/${graded.secondRun}`);
    await rowCount('8 rows');
    await page.getByLabel('changed since').selectOption(graded.firstRun);
    await rowCount('4 rows');
  });

  it('draws latency and cost per column, and shows the messages a cell sent', async () => {
    await open(`runs/${graded.firstRun}`);
    await page.getByTestId('spread-latencyMs').waitFor();
    expect(await page.getByTestId('spread-costUsd').getByTestId('spread-row').count()).toBe(1);
    await page.locator('.matrix-row[data-row="0"] .cell').first().click();
    const messages = page.getByTestId('cell-messages');
    await messages.waitFor();
    expect(await messages.locator('pre').last().textContent()).toBe('Say hello to Ada.');
  });

  it("shows the judge's agreement with the ratings given with the keyboard", async () => {
    await open(`runs/${graded.firstRun}`);
    await rowCount('8 rows');
    await page
      .getByTestId('agreement')
      .getByText(/Rate cells pass or fail/)
      .waitFor();
    const matrix = page.getByTestId('matrix');
    await matrix.focus();
    // Rows: Ada ×2 (judge: pass), Bob ×2 (fail), Cy ×2 (flaky, skipped), Dee ×2 (pass).
    for (const key of ['p', 'j', 'p', 'j', 'f', 'j', 'p', 'j', 'j', 'j', 'f', 'j', 'p'])
      await matrix.press(key);
    await expect.poll(() => page.getByTestId('rating').count()).toBe(6);
    // (judge, person) = [[3, 1], [1, 1]]: kappa 0.25 on 6 ratings.
    const kappa = page.getByTestId('kappa');
    await expect.poll(() => kappa.textContent().catch(() => ''), { timeout: 10_000 }).toMatch(/^0\.25 \[/);
    const row = page.getByTestId('agreement').locator('tbody tr').first();
    expect(await row.locator('td').first().textContent()).toBe('llm-rubric');
    expect(await row.locator('td').nth(3).textContent()).toBe('6');
    expect(await row.locator('td').nth(4).textContent()).toBe('66.7%');
  });
});
