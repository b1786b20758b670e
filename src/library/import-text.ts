import { extname } from 'node:path';
import type { PromptFrontMatter } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';

/** What a converter makes of another format, before it is written as a `.prompt` file. */
export interface ConvertedParts {
  frontMatter: PromptFrontMatter;
  body: string;
  /** Settings of the source that have no `.prompt` equivalent and were left out. */
  dropped: string[];
  /** 1-based line of the body's first line in the source, to point errors back at it. */
  sourceBodyLine: number;
}

/** `{{ name }}` or `{{ name.path }}`, Jinja- or Handlebars-style. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)((?:\.[A-Za-z_]\w*)*)\s*\}\}/g;
const NOT_VARIABLES = new Set(['else', 'this']);

/**
 * A plain text or markdown prompt: the whole file is one user message, its `{{var}}`
 * placeholders become the input schema, a markdown file's leading `# title` its description.
 */
export function convertText(content: string, file: string): ConvertedParts {
  const body = convertPlaceholders(content, file, 1, false);
  const frontMatter: PromptFrontMatter = {};
  const title =
    extname(file).toLowerCase() === '.md' ? /^#\s+(.+)$/.exec(content.split('\n')[0]!)?.[1] : undefined;
  if (title) frontMatter.description = title.trim();
  const schema = placeholderSchema(body);
  if (schema) frontMatter.input = { schema };
  return { frontMatter, body, dropped: [], sourceBodyLine: 1 };
}

/**
 * Rewrite `{{ var }}` as `{{var}}` and Jinja comments as Handlebars comments. With `strict`
 * (Prompty, whose templates are Jinja), a Jinja statement or filter is an error at its line:
 * it has no faithful Handlebars translation.
 */
export function convertPlaceholders(text: string, file: string, firstLine: number, strict: boolean): string {
  return text
    .split('\n')
    .map((line, index) => {
      if (!strict) return tidyPlaceholders(line);
      const jinja = /\{%|\{\{[^}]*\|[^}]*\}\}/.exec(line);
      if (jinja) {
        throw new PlumeError({
          code: 'IMPORT_INVALID',
          message: jinja[0].startsWith('{%')
            ? 'Jinja statements ({% %}) cannot be imported'
            : 'Jinja filters cannot be imported',
          location: { file, line: firstLine + index, column: jinja.index + 1 },
          hint: 'rewrite this line with a plain {{var}} (or remove it), import, then use Handlebars ({{#if}}, {{#each}})',
        });
      }
      return tidyPlaceholders(
        line.replace(/\{#(.*?)#\}/g, (_match, comment: string) => `{{!-- ${comment.trim()} --}}`),
      );
    })
    .join('\n');
}

function tidyPlaceholders(line: string): string {
  return line.replace(PLACEHOLDER, (_match, name: string, path: string) => `{{${name}${path}}}`);
}

/** Picoschema of the variables a body uses: `{{name}}` a string, `{{name.field}}` any. */
export function placeholderSchema(body: string): Record<string, string> | undefined {
  const schema: Record<string, string> = {};
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (NOT_VARIABLES.has(name)) continue;
    const type = match[2] ? 'any' : 'string';
    if (schema[name] !== 'any') schema[name] = type;
  }
  return Object.keys(schema).length > 0 ? schema : undefined;
}
