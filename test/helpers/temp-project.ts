import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject, type Project } from '../../src/library/project.ts';

/** A real project folder under the OS temp folder, with plume.yaml and prompt files. */
export interface TempProject {
  root: string;
  promptsDir: string;
  /** Write a file relative to the project root (folders are created); returns its path. */
  write(path: string, content: string): string;
  /** Write a file in the prompts folder; returns its path. */
  writePrompt(path: string, content: string): string;
  /** The project as plume loads it (plume.yaml read again at each call). */
  project(): Project;
  cleanup(): void;
}

/**
 * Make a temporary project. `prompts` maps paths in the prompts folder to their text
 * (`support/triage.prompt`, `_header.prompt`); `config` is the text of plume.yaml.
 */
export function createTempProject(
  prompts: Record<string, string> = {},
  config = 'prompts: prompts\n',
): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'plume-project-'));
  const promptsDir = join(root, 'prompts');
  const write = (path: string, content: string): string => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  };
  write('plume.yaml', config);
  mkdirSync(promptsDir, { recursive: true });
  for (const [path, content] of Object.entries(prompts)) write(join('prompts', path), content);
  return {
    root,
    promptsDir,
    write,
    writePrompt: (path, content) => write(join('prompts', path), content),
    project: () => loadProject(root),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
