// Screenshots of the web app's main pages, over a project filled by real `plume eval` runs (echo
// model), a project graded by a judge (a local stub of the OpenAI wire format, rated through the
// API), a project optimized by the real `plume optimize` (sim model), plus a synthetic
// 100,000-cell run (marked as such in its suite name) for the matrix.
// Also prints the matrix's time to first paint of rows on that run, and how long a filter takes.
//
//   npm run build:ui && node scripts/screenshots.ts [folder]      (default: tmp/screenshots, git-ignored)
//
// Needs Chromium at /usr/bin/chromium (or PLUME_CHROMIUM).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CellRecord } from '../src/spec/run.ts';
import { openDatabase } from '../src/store/database.ts';
import { RunStore } from '../src/store/run-store.ts';
import { createGradedProject } from '../test/server/graded-project.ts';
import { createOptimizedProject } from '../test/server/optimized-project.ts';
import { createFilledProject, serve } from '../test/server/served-project.ts';
import { ensureBuiltUi, launchBrowser } from '../test/ui/browser.ts';

const folder = resolve(process.argv[2] ?? 'tmp/screenshots');
const BIG_TESTS = 25_000;
const BIG_COLUMNS = 4;
/** Page script: notes (in window.firstRows) when the matrix's first cells have been painted. */
const FIRST_ROWS_PROBE = `
  new MutationObserver((changes, observer) => {
    if (!document.querySelector('.matrix-row .cell.passed, .matrix-row .cell.failed')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.firstRows = performance.now(); });
  }).observe(document, { childList: true, subtree: true });`;

mkdirSync(folder, { recursive: true });
ensureBuiltUi();
const filled = await createFilledProject();
const bigRun = writeSyntheticRun(filled.project.project().storePath, filled.firstRun);
const server = await serve(filled.project);
const graded = await createGradedProject();
const gradedServer = await serve(graded.project);
const optimized = await createOptimizedProject();
const optimizedServer = await serve(optimized.project);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const shoot = async (route: string, name: string, ready: () => Promise<unknown>, base = server.url) => {
    await page.goto(`${base}#/${route}`);
    await ready();
    await page.screenshot({ path: resolve(folder, `${name}.png`), fullPage: true });
    console.log(`wrote ${resolve(folder, `${name}.png`)}`);
  };
  await shoot('library/greet', 'library', async () => {
    // all() does not wait: let the versions load before ticking them.
    await page.getByTestId('versions').getByRole('checkbox').nth(1).waitFor();
    for (const box of await page.getByTestId('versions').getByRole('checkbox').all()) await box.check();
    await page.getByTestId('diff').locator('tr.changed').waitFor();
  });
  await shoot('runs', 'runs', () => page.getByTestId('runs').waitFor());
  await shoot(`runs/${filled.secondRun}`, 'run', async () => {
    await page.locator('.matrix-row .cell').first().click();
    await page.getByTestId('cell-panel').getByTestId('cell-output').waitFor();
  });
  await rateSome(gradedServer.url, graded.firstRun);
  await shoot(
    `runs/${graded.firstRun}`,
    'run-graded',
    async () => {
      await page.getByTestId('kappa').first().waitFor();
      await page.getByTestId('spread-costUsd').waitFor();
      await page.getByLabel('flaky').check();
      await page.getByTestId('row-count').getByText('2 rows', { exact: true }).waitFor();
      await page.locator('.matrix-row .cell').first().click();
      await page.getByTestId('cell-messages').waitFor();
    },
    gradedServer.url,
  );
  await shoot(`compare?before=${filled.firstRun}&after=${filled.secondRun}`, 'compare', () =>
    page.getByTestId('comparison').waitFor(),
  );
  await shoot(
    `optimizations/${optimized.id}`,
    'optimization',
    async () => {
      await page.getByTestId('trajectory-point').first().waitFor();
      await page.getByTestId('winner-body').waitFor();
      await page.getByTestId('strategies').locator('summary').first().click();
    },
    optimizedServer.url,
  );
  await shoot('playground', 'playground', async () => {
    await page.getByLabel('variables').fill('{"name": "Zoe"}');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('figures').waitFor();
  });
  // Time from navigation to the first rows of a 100,000-cell matrix on screen, timed in the page:
  // the server shares this process, so a clock here would also count the report it computes meanwhile.
  await page.addInitScript({ content: FIRST_ROWS_PROBE });
  await page.goto('about:blank');
  await page.goto(`${server.url}#/runs/${bigRun}`);
  await page.locator('.matrix-row .cell.passed, .matrix-row .cell.failed').first().waitFor();
  await page.waitForFunction('window.firstRows !== undefined');
  const firstPaint = (await page.evaluate('window.firstRows')) as number;
  const scrolled = performance.now();
  await page.getByTestId('matrix').evaluate((element) => {
    element.scrollTop = element.scrollHeight / 2;
  });
  await page
    .locator(`.matrix-row[data-row="${BIG_TESTS / 2}"] .cell.passed`)
    .first()
    .waitFor();
  const jump = performance.now() - scrolled;
  await page.screenshot({ path: resolve(folder, 'matrix-100k.png') });
  const filtering = performance.now();
  await page.getByLabel('failures only').check();
  await page.getByTestId('row-count').getByText(`${failingTests()} rows`, { exact: true }).waitFor();
  await page.locator('.matrix-row[data-row="0"] .cell').first().waitFor();
  const filtered = performance.now() - filtering;
  console.log(
    `matrix of ${BIG_TESTS * BIG_COLUMNS} cells: first rows painted ${firstPaint.toFixed(0)} ms after navigation; ` +
      `jump to the middle painted in ${jump.toFixed(0)} ms; failures filter applied in ${filtered.toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await server.close();
  await gradedServer.close();
  await graded.close();
  await optimizedServer.close();
  optimized.project.cleanup();
  filled.project.cleanup();
}

/** Rate the first cells of a run pass or fail through the API, as a person would with p and f. */
async function rateSome(base: string, runId: string): Promise<void> {
  const response = await fetch(new URL(`/api/runs/${runId}/cells?limit=8`, base));
  const page = (await response.json()) as { rows: { cells: { key: string }[] }[] };
  const verdicts = [true, true, false, true, undefined, undefined, false, true];
  for (const [index, row] of page.rows.entries()) {
    const pass = verdicts[index];
    if (pass === undefined) continue;
    await fetch(new URL(`/api/runs/${runId}/cells/${row.cells[0]!.key}/rating`, base), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass }),
    });
  }
}

/** Whether a synthetic cell passes: about 70% do. */
function passes(test: number, column: number): boolean {
  return (test * 7 + column * 3) % 10 < 7;
}

/** Tests of the synthetic run with a failed cell: the rows the failures filter keeps. */
function failingTests(): number {
  let count = 0;
  for (let test = 0; test < BIG_TESTS; test++) {
    if ([0, 1, 2, 3].some((column) => !passes(test, column))) count += 1;
  }
  return count;
}

/** A synthetic run (a copy of a real run's manifest) of BIG_TESTS tests × BIG_COLUMNS columns. */
function writeSyntheticRun(storePath: string, templateRun: string): string {
  const db = openDatabase(storePath);
  const store = new RunStore(db);
  const template = store.getRun(templateRun).manifest;
  const id = 'synthetic-100k';
  const prompts = [0, 1].map((index) => ({ ...template.prompts[0]!, label: `variant-${index}` }));
  const models = [0, 1].map((index) => ({ ...template.models[0]!, label: `simulated-${index}` }));
  store.createRun(id, {
    ...template,
    suiteFile: 'synthetic 100k-cell run (screenshots)',
    prompts,
    models,
    testCount: BIG_TESTS,
    cellCount: BIG_TESTS * BIG_COLUMNS,
  });
  let batch: CellRecord[] = [];
  for (let test = 0; test < BIG_TESTS; test++) {
    for (let column = 0; column < BIG_COLUMNS; column++) {
      const pass = passes(test, column);
      batch.push({
        key: `${test}-${column}`,
        promptIndex: column >> 1,
        modelIndex: column & 1,
        testIndex: test,
        testId: `test-${test}`,
        repeat: 0,
        output: `synthetic answer ${test} in column ${column}`,
        inputTokens: 20,
        outputTokens: 8,
        costUsd: 0.00001 * (1 + ((test * 3 + column) % 7)),
        latencyMs: 5 + (test % 40) + column * 10,
        cached: false,
        error: undefined,
        pass,
        score: pass ? 1 : 0,
        reason: pass ? 'ok' : 'missing text',
        assertions: [],
      });
    }
    if (batch.length >= 4000) {
      store.writeCells(id, batch);
      batch = [];
    }
  }
  store.writeCells(id, batch);
  store.setStatus(id, 'completed');
  db.close();
  return id;
}
