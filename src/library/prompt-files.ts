import { type Dirent, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PlumeError } from '../util/errors.ts';

export const PROMPT_EXTENSION = '.prompt';

/** A prompt's name (`support/triage`) from its path under the prompts folder; undefined for partials and other files. */
export function promptNameOf(promptsDir: string, path: string): string | undefined {
  const rel = relative(promptsDir, path);
  if (rel.startsWith('..') || rel === '' || !rel.endsWith(PROMPT_EXTENSION)) return undefined;
  const parts = rel.slice(0, -PROMPT_EXTENSION.length).split(sep);
  if (parts.at(-1)!.startsWith('_')) return undefined;
  return parts.join('/');
}

/** The file that holds prompt `name`. */
export function promptFileOf(promptsDir: string, name: string): string {
  return `${join(promptsDir, ...name.split('/'))}${PROMPT_EXTENSION}`;
}

/** Every prompt file (not partials) under `dir`, as paths relative to it with `/`; hidden folders skipped. */
export function listPromptFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile() && entry.name.endsWith(PROMPT_EXTENSION) && !entry.name.startsWith('_')) {
        found.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(dir, '');
  return found.sort();
}

const NAME = /^[\w.-]+(?:\/[\w.-]+)*$/;

/** Whether `name` can be a prompt name (path segments of letters, digits, `_`, `.`, `-`). */
export function isPromptName(name: string): boolean {
  return NAME.test(name) && !name.split('/').some((part) => part === '.' || part === '..');
}

/** Throw a user error unless `name` can be a prompt name; `hint` says how to choose another. */
export function assertPromptName(
  name: string,
  hint = 'use letters, digits, `_`, `.`, `-`, and `/` between folders',
): void {
  if (!isPromptName(name)) {
    throw new PlumeError({ code: 'USAGE', message: `'${name}' is not a valid prompt name`, hint });
  }
}
