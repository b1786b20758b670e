import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createOptimizedProject, type OptimizedProject } from '../server/optimized-project.ts';
import { serve } from '../server/served-project.ts';
import { BROWSER_TESTS, useBrowserPage } from './browser.ts';

let optimized: OptimizedProject;
let server: RunningServer;
let page: Page;

// End to end in real headless Chromium, over an optimization made by the real `plume optimize`
// (sim model). Skipped on a developer machine without Chromium; in CI a missing one fails.
describe.skipIf(!BROWSER_TESTS)('optimizations in the browser', () => {
  useBrowserPage({
    start: async () => {
      optimized = await createOptimizedProject();
      return serve(optimized.project);
    },
    ready: (session) => {
      ({ server, page } = session);
    },
    cleanup: () => optimized?.project.cleanup(),
  });

  it('opens an optimization from the list and draws its trajectory, verdict and winner', async () => {
    await page.goto(server.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Optimizations' }).click();
    await page.getByTestId('optimizations').getByRole('link', { name: optimized.id }).click();
    const chart = page.getByTestId('trajectory-chart');
    await chart.waitFor();
    // One point per step of the trajectory, coloured by the strategy that found it.
    const drawn = chart.getByTestId('trajectory-point');
    expect(await drawn.count()).toBe(optimized.report.trajectory.length);
    expect(await drawn.evaluateAll((circles) => circles.map((circle) => circle.dataset.strategy))).toEqual(
      optimized.report.trajectory.map((point) => point.strategy),
    );
    expect(await drawn.last().locator('title').textContent()).toContain(
      `after ${optimized.report.trajectory.at(-1)!.callsSpent} calls`,
    );
    const verdict = await page.getByTestId('verdict').textContent();
    expect(verdict!.toLowerCase()).toContain(optimized.report.heldOut.verdict.toLowerCase());
    expect(verdict).toMatch(/^Better on held-out tests\./);
    await page.getByTestId('lift-interval').waitFor();
    expect(await page.getByTestId('winner-body').textContent()).toBe(optimized.report.winner.body);
    expect(await page.getByTestId('start-body').textContent()).toBe(optimized.report.start.body);
    expect(await page.getByTestId('winner-body').locator('mark.added').count()).toBeGreaterThan(0);
    // Where the calls went: baseline, both strategies, the held-out test; the total is what was spent.
    const parts = page.getByTestId('strategies').locator('tbody tr');
    expect(await parts.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-part')))).toEqual([
      'baseline',
      'edits',
      'few-shot',
      'held-out',
    ]);
    expect(await page.getByTestId('spending-total').locator('td').nth(2).textContent()).toBe(
      String(optimized.report.spent.calls),
    );
    expect(await page.getByTestId('save-outcome').textContent()).toMatch(
      /^Saved the winner as classify@\w+: the winner beats the start on \d+ held-out tests\.$/,
    );
    expect(await page.getByTestId('trajectory-caption').textContent()).toMatch(
      /on the same \d+ validation tests/,
    );
    expect(await page.getByTestId('budget').textContent()).toContain(
      `${optimized.report.spent.calls} of 600 calls spent`,
    );
    await page.getByRole('link', { name: 'versions of classify in the library' }).click();
    await page.getByTestId('versions').getByText('optimized', { exact: false }).first().waitFor();
  });
});
