import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { ENV, serve } from '../server/served-project.ts';
import { CHROMIUM, ensureBuiltUi, launchBrowser } from './browser.ts';

let stub: OpenAIStubServer;
let project: TempProject;
let server: RunningServer;
let browser: Browser;

// A real `plume eval` against a slow local stub, watched from the run page while it runs.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('a running eval in the browser', () => {
  beforeAll(async () => {
    ensureBuiltUi();
    stub = await startOpenAIStubServer({ latencyMs: 120 });
    project = createTempProject(
      { 'greet.prompt': 'Say hello to {{name}}.\n' },
      `prompts: prompts\nproviders:\n  stub: { type: openai-compatible, baseURL: '${stub.baseURL}' }\n`,
    );
    const tests = Array.from({ length: 24 }, (_, index) => `  - vars: { name: N${index} }`).join('\n');
    project.write(
      'plume.suite.yaml',
      `prompts: [greet]\nmodels: ['stub:slow']\ndefaultTest:\n  assert: [{ type: contains, value: hello }]\ntests:\n${tests}\n`,
    );
    server = await serve(project);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stub?.close();
    project?.cleanup();
  });

  it('shows the cells done and the pass rate so far, then the final report', async () => {
    const run = runCli(project.root, ['eval', '--max-concurrency', '1', '--json'], ENV);
    let runId: string | undefined;
    for (let attempt = 0; attempt < 100 && runId === undefined; attempt++) {
      const runs = (await (await fetch(new URL('/api/runs', server.url))).json()) as { id: string }[];
      runId = runs[0]?.id;
      if (runId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(runId).toBeDefined();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}#/runs/${runId}`);
    const live = page.getByTestId('live-progress');
    await live.waitFor();
    expect(await page.getByTestId('live-cells').textContent()).toMatch(/^\d+ of 24 cells$/);
    // It moves while the run goes on. The live view leaves when the run ends, maybe between two
    // reads: a count no longer shown is read as the run having ended, not waited for.
    const first = Number((await page.getByTestId('live-cells').textContent())!.split(' ')[0]);
    const cells = page.getByTestId('live-cells');
    const shown = async (): Promise<number | undefined> => {
      const text = await cells.textContent({ timeout: 1_000 }).catch(() => null);
      return text === null ? undefined : Number(text.split(' ')[0]);
    };
    let now = await shown();
    for (let waited = 0; waited < 100 && now !== undefined && now <= first; waited++) {
      await page.waitForTimeout(100);
      now = await shown();
    }
    expect(now === undefined || now > first).toBe(true);
    expect((await run).code).toBe(0);
    // Once it ends, the page reads the run again: no live view, the final figures.
    await live.waitFor({ state: 'detached' });
    await page.getByText('24 cells, 24 passed').waitFor();
    await page.close();
  }, 60_000);
});
