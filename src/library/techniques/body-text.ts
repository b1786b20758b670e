/**
 * Text surgery shared by the techniques: where a sentence may be added to a prompt body without
 * touching template syntax. Bodies are Dotprompt/Handlebars text; front matter is never passed in.
 */

/** A `{{role "..."}}` marker that stands on its own line, with its line break. */
const ROLE_MARKER = /^[ \t]*\{\{\s*role\s+["'](\w+)["']\s*\}\}[ \t]*(?:\r?\n|$)/;

/**
 * A simple variable placeholder: `{{name}}`, `{{user.name}}` or `{{{name}}}`, not a helper or block.
 * Global: use it with matchAll or replace, or copy it (`new RegExp(PLACEHOLDER.source)`) to test.
 */
export const PLACEHOLDER = /\{\{\{?\s*[A-Za-z_@][\w.@-]*\s*\}?\}\}/g;

/** Every placeholder of a body, in order, as written (`{{ticket}}`). */
export function placeholdersOf(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER)]
    .map((match) => match[0])
    .filter((tag) => !/^\{\{\s*else\s*\}\}$/.test(tag));
}

/** Ends `text` with a full stop unless it already ends with punctuation. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?:;]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Adds a paragraph at the top of the instructions: after a leading `{{role "system"}}` marker if
 * there is one; before any other leading role marker, in a new system section; with `afterRole`,
 * after a first line that is already a role sentence ("You are ...").
 */
export function prependParagraph(
  body: string,
  paragraph: string,
  options: { afterRole?: boolean } = {},
): string {
  const leading = /^\s*/.exec(body)![0];
  const rest = body.slice(leading.length);
  const marker = ROLE_MARKER.exec(rest);
  if (marker && marker[1] !== 'system') {
    return `${leading}{{role "system"}}\n${paragraph}\n\n${rest}`;
  }
  const head = marker ? (marker[0].endsWith('\n') ? marker[0] : `${marker[0]}\n`) : '';
  const after = marker ? rest.slice(marker[0].length) : rest;
  if (options.afterRole) {
    const firstLine = /^[^\n]*(?:\n|$)/.exec(after)![0];
    if (/^\s*(you are|you're|act as)\b/i.test(firstLine)) {
      const remainder = after.slice(firstLine.length).replace(/^\s*\n/, '');
      const separator = firstLine.endsWith('\n') ? '\n' : '\n\n';
      const tail = remainder ? `\n\n${remainder}` : firstLine.endsWith('\n') ? '\n' : '';
      return `${leading}${head}${firstLine}${separator}${paragraph}${tail}`;
    }
  }
  if (after.trim() === '') return `${leading}${head}${paragraph}${after}`;
  return `${leading}${head}${paragraph}\n\n${after}`;
}

/** Start and end offsets of every top-level `{{#block}} ... {{/block}}` section. */
export function blockRanges(body: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  for (const match of body.matchAll(/\{\{~?\s*([#/^])?/g)) {
    const kind = match[1];
    if (kind === '#') {
      if (depth === 0) start = match.index;
      depth++;
    } else if (kind === '/') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        const close = body.indexOf('}}', match.index);
        ranges.push([start, close < 0 ? body.length : close + 2]);
      }
    }
  }
  if (depth > 0) ranges.push([start, body.length]);
  return ranges;
}
