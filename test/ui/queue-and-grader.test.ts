import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { ENV, serve } from '../server/served-project.ts';
import { BROWSER_TESTS, useBrowserPage } from './browser.ts';

let stub: OpenAIStubServer;
let project: TempProject;
let server: RunningServer;
let page: Page;
let runId: string;

// 12 cells at once against a provider taking 4 calls at a time, 100 ms each: most cells wait.
describe.skipIf(!BROWSER_TESTS)("a run's queue wait and grader in the browser", () => {
  useBrowserPage({
    start: async () => {
      stub = await startOpenAIStubServer({
        latencyMs: 100,
        respond: (request) =>
          request.body.model === 'judge' ? { text: '{"pass": true, "score": 1, "reason": "fine"}' } : {},
      });
      project = createTempProject(
        { 'greet.prompt': 'Say hello to {{name}}.\n' },
        `prompts: prompts\ngrader: stub:judge\nproviders:\n  stub: { type: openai-compatible, baseURL: '${stub.baseURL}' }\n`,
      );
      const tests = Array.from({ length: 12 }, (_, index) => `  - vars: { name: N${index} }`).join('\n');
      project.write(
        'plume.suite.yaml',
        `prompts: [greet]\nmodels: ['stub:tiny']\ndefaultTest:\n  assert: [{ type: llm-rubric, value: greets }]\ntests:\n${tests}\n`,
      );
      const result = await runCli(project.root, ['eval', '--json', '--no-cache'], ENV);
      runId = (JSON.parse(result.stdout) as { runId: string }).runId;
      return serve(project);
    },
    ready: (session) => {
      ({ server, page } = session);
    },
    cleanup: async () => {
      await stub?.close();
      project?.cleanup();
    },
  });

  it('shows the queue wait beside the latency, per column and per cell, and which model grades', async () => {
    await page.goto(`${server.url}#/runs/${runId}`);
    await page.getByTestId('grader').waitFor();
    expect(await page.getByTestId('grader').textContent()).toContain('stub:judge (plume.yaml grader)');
    expect(await page.getByTestId('queue-wait').textContent()).toMatch(/^\d+ \/ \d+ ms$/);
    // The last rows waited for two waves of calls.
    await page.locator('.matrix-row[data-row="11"] .cell').first().click();
    const queued = page.getByTestId('cell-panel').getByTestId('cell-queue');
    expect(await queued.textContent()).toMatch(/\+ \d+\.\d ms waiting for the provider's limit/);
  }, 30_000);
});
