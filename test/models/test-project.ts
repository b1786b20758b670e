import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../../src/library/project.ts';
import { projectConfigSchema } from '../../src/spec/project-config.ts';

/** A project in a fresh temporary folder with this plume.yaml content (as parsed data); `dispose` removes it. */
export function testProject(config: Record<string, unknown> = {}): Project & { dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'plume-models-'));
  return {
    root,
    configPath: undefined,
    config: projectConfigSchema.parse(config),
    promptsDir: join(root, 'prompts'),
    storePath: join(root, '.plume', 'plume.db'),
    cacheDir: join(root, '.plume', 'cache'),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** An environment with no provider keys and no local model, whatever the machine running the tests has. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PLUME_MODELS_DIR: join(tmpdir(), 'plume-no-models'),
    ...extra,
  };
}

/** Retry settings that keep tests fast. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 } as const;
