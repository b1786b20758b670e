import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { UI_DIST } from '../../src/server/start-server.ts';
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
