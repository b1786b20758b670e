import { stringify } from 'yaml';
import type { PromptFrontMatter } from '../spec/prompt.ts';
import { normalizeContent } from './normalize-content.ts';

/** Key order of a written front matter: what people look for first. */
const KEY_ORDER: readonly (keyof PromptFrontMatter)[] = [
  'description',
  'model',
  'config',
  'input',
  'output',
  'tags',
  'variant',
  'metadata',
];

/** A `.prompt` file's normalized text: YAML front matter between `---` fences, then the body. */
export function formatPromptFile(frontMatter: PromptFrontMatter, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (frontMatter[key] !== undefined) ordered[key] = frontMatter[key];
  if (Object.keys(ordered).length === 0) {
    // A body that starts with `---` would be read back as front matter: fence an empty one.
    return normalizeContent(/^---[ \t]*(\n|$)/.test(body) ? `---\n---\n${body}` : body);
  }
  const yaml = stringify(ordered, { lineWidth: 0 });
  return normalizeContent(`---\n${yaml}---\n${body}`);
}
