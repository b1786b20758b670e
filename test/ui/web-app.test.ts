import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { createFilledProject, type FilledProject, serve } from '../server/served-project.ts';
import { BROWSER_TESTS, useBrowserPage } from './browser.ts';

let filled: FilledProject;
let server: RunningServer;
let page: Page;

// End to end in real headless Chromium, over a store filled by real `plume eval` runs (echo model).
// Skipped on a developer machine without Chromium; in CI (which installs it) a missing one fails.
describe.skipIf(!BROWSER_TESTS)('the web app in a browser', () => {
  useBrowserPage({
    start: async () => {
      filled = await createFilledProject();
      return serve(filled.project);
    },
    ready: (session) => {
      ({ server, page } = session);
    },
    cleanup: () => filled?.project.cleanup(),
  });

  const open = (route: string) => page.goto(`${server.url}#/${route}`);

  it('browses the library and diffs two versions side by side', async () => {
    await open('library');
    await page.getByTestId('prompt-list').getByRole('link', { name: 'greet', exact: true }).click();
    await page.getByTestId('versions').getByText('warmer').waitFor();
    for (const checkbox of await page.getByTestId('versions').getByRole('checkbox').all())
      await checkbox.check();
    const changed = page.getByTestId('diff').locator('tr.changed');
    expect(await changed.locator('.left').textContent()).toBe('Say hello to {{name}}.');
    expect(await changed.locator('.right').textContent()).toBe('Say hello warmly to {{name}}.');
    await page.getByLabel('Search prompts').fill('Waves');
    await page.getByTestId('prompt-list').getByRole('link', { name: 'wave', exact: true }).waitFor();
    expect(await page.getByTestId('prompt-list').locator('li').count()).toBe(1);
  });

  it('saves an edited version with a message and moves a label', async () => {
    await open('library/wave');
    const editor = page.getByTestId('editor');
    await editor.getByLabel('prompt text').fill('---\ndescription: Waves\n---\nWave warmly at {{name}}.\n');
    await editor.getByLabel('version message').fill('warmer wave');
    await editor.getByRole('button', { name: 'Save version' }).click();
    const versions = page.getByTestId('versions');
    await versions.getByText('warmer wave').waitFor();
    expect(await versions.locator('tbody tr').count()).toBe(2);
    await versions.locator('tbody tr').nth(1).getByRole('button', { name: 'label here' }).click();
    await versions.locator('tbody tr').nth(1).getByText('production').waitFor();
  });

  it('opens a run, filters failures and opens a cell', async () => {
    await open('runs');
    await page.getByTestId('runs').getByText(filled.secondRun).click();
    await page.getByTestId('pass-rate-chart').waitFor();
    await expectText('row-count', '3 rows');
    // The comparison with its figures: both pass rates, B − A at its decision level, raw and Holm p.
    const comparison = page.getByTestId('comparisons').locator('tbody tr').first();
    expect(await comparison.locator('td').nth(2).textContent()).toBe('3');
    expect(await comparison.textContent()).toMatch(/pp \[-?\d+\.\d, -?\d+\.\d\] at 95%/);
    // Tests are numbered from 1, as in every report; the id is the title.
    expect(await page.locator('.matrix-row[data-row="0"] .test-id').textContent()).toBe('1');
    await page.getByLabel('failures only').check();
    await expectText('row-count', '2 rows');
    await page.locator('.matrix-row[data-row="0"] .cell').first().click();
    expect(await page.getByTestId('cell-output').textContent()).toBe('Say hello warmly to Ada.');
    expect(await page.getByTestId('cell-panel').textContent()).toContain('contains');
    await page.getByLabel('failures only').uncheck();
    await expectText('row-count', '3 rows');
  });

  it('rates three cells with the keyboard', async () => {
    await open(`runs/${filled.secondRun}`);
    await expectText('row-count', '3 rows');
    const matrix = page.getByTestId('matrix');
    await matrix.focus();
    for (const key of ['p', '5', 'j', 'f', '2', 'l', 'j', 'p']) await matrix.press(key);
    await expect.poll(() => page.getByTestId('rating').count()).toBe(3);
    const response = await fetch(new URL(`/api/runs/${filled.secondRun}/ratings`, server.url));
    const ratings = (await response.json()) as { pass?: boolean; score?: number }[];
    expect(ratings).toHaveLength(3);
    expect(ratings.map((rating) => [rating.pass, rating.score]).sort()).toEqual(
      [
        [true, 5],
        [false, 2],
        [true, undefined],
      ].sort(),
    );
  });

  it('compares two runs', async () => {
    await open(`compare?before=${filled.firstRun}&after=${filled.secondRun}`);
    const table = page.getByTestId('comparison');
    await table.waitFor();
    expect(await table.locator('tbody tr').first().textContent()).toContain('3/3');
  });

  it('runs a prompt in the playground and streams the answer', async () => {
    await open('playground');
    await page.getByLabel('prompt').selectOption('wave');
    await page.getByLabel('variables').fill('{"name": "Zoe"}');
    await page.getByLabel('model').fill('echo:default');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('figures').waitFor();
    expect(await page.getByTestId('answer').textContent()).toBe('Wave at Zoe and move on.');
    expect(await page.getByTestId('figures').textContent()).toContain('echo:default');
  });
});

async function expectText(testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).getByText(text, { exact: true }).waitFor();
}
