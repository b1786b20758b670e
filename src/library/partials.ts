import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadScope } from '../util/read-scope.ts';
import { splitFrontMatter } from './front-matter.ts';
import { normalizeContent } from './normalize-content.ts';

/** A partial's template and the file it came from. */
export interface PartialFile {
  file: string;
  template: string;
  /** 1-based line of the template's first line in its file. */
  bodyLine: number;
}

/** Finds a partial by the name used in `{{> name}}`. */
export type PartialLoader = (name: string) => PartialFile | undefined;

const PARTIAL_NAME = /^[\w.-]+(?:\/[\w.-]+)*$/;

/**
 * Partials as Dotprompt keeps them: `{{> common/header}}` is the file `common/_header.prompt`
 * under the prompts folder. A front matter in a partial is allowed and ignored. A partial that
 * leads out of `scope` (a symlink) is an error, not a missing partial.
 */
export function createPartialLoader(promptsDir: string, scope: ReadScope): PartialLoader {
  return (name) => {
    if (!PARTIAL_NAME.test(name) || name.split('/').includes('..')) return undefined;
    const parts = name.split('/');
    const base = parts.pop()!;
    const file = join(promptsDir, ...parts, `_${base}.prompt`);
    if (!existsSync(file)) return undefined;
    const real = scope.resolve(file);
    let text: string;
    try {
      text = readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
    const { body, bodyLine } = splitFrontMatter(normalizeContent(text), file);
    // One trailing newline is the file's end, not the partial's: `Hello {{> name}}.` stays on one line.
    return { file, template: body.endsWith('\n') ? body.slice(0, -1) : body, bodyLine };
  };
}
