import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, UI_DIST } from '../../src/server/start-server.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

/** Debian's Chromium; CI installs it (.ci/run). */
export const CHROMIUM = process.env.PLUME_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium, as the web app's tests and screenshots use it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Build the web app when ui/dist is missing (CI builds it with `npm run build:ui`). */
export function ensureBuiltUi(): void {
  if (existsSync(join(UI_DIST, 'index.html'))) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/.bin/vite'), 'build', 'ui'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
}

/** Whether browser tests run: Chromium is there, or this is CI (where a missing one must fail). */
export const BROWSER_TESTS = existsSync(CHROMIUM) || Boolean(process.env.CI);

/**
 * Before the tests of the enclosing `describe`: build the UI, start the server `start` returns,
 * launch Chromium and open a page (10 s default timeout), then hand them to `ready`. After them:
 * close the browser and the server, then `cleanup`.
 */
export function useBrowserPage(options: {
  start: () => Promise<RunningServer>;
  ready: (session: { server: RunningServer; page: Page }) => void;
  cleanup: () => Promise<void> | void;
}): void {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureBuiltUi();
    server = await options.start();
    browser = await launchBrowser();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    options.ready({ server, page });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await options.cleanup();
  });
}
