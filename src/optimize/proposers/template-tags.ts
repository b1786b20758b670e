/** What a Handlebars tag does in a prompt body. */
export type TemplateTagKind = 'value' | 'partial' | 'open' | 'else' | 'close' | 'comment';

/** One `{{...}}` tag of a prompt body. */
export interface TemplateTag {
  /** The tag as written, braces included. */
  text: string;
  start: number;
  end: number;
  kind: TemplateTagKind;
  /** Block name for `open` and `close` tags; empty otherwise. */
  name: string;
  /** What two tags are compared by: the inner text with spacing, `~` and triple braces ignored. */
  key: string;
  /** Index of the matching tag (open ↔ close); undefined for other kinds and unbalanced block tags. */
  match?: number;
}

/**
 * What a body must keep to render the same variables: a lone tag (a value or a partial), or a
 * whole block from its opening tag to its matching closing tag.
 */
export interface TemplateUnit {
  key: string;
  /** Source text: the tag, or the whole block with its contents. */
  text: string;
  start: number;
  end: number;
}

const TAG = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;

/** Every tag of a body, in order, with block tags paired (an unpaired one has no `match`). */
export function templateTags(body: string): TemplateTag[] {
  const tags: TemplateTag[] = [];
  for (const found of body.matchAll(TAG)) {
    const start = found.index;
    if (start > 0 && body[start - 1] === '\\') continue;
    tags.push(classify(found[0], start));
  }
  pairBlocks(tags);
  return tags;
}

/** The units of a body at top level, in order (the tags inside a block belong to its unit). */
export function templateUnits(body: string): TemplateUnit[] {
  const tags = templateTags(body);
  const units: TemplateUnit[] = [];
  for (let index = 0; index < tags.length; index++) {
    const tag = tags[index]!;
    if (tag.kind === 'value' || tag.kind === 'partial') {
      units.push({ key: tag.key, text: tag.text, start: tag.start, end: tag.end });
    } else if (tag.kind === 'open' && tag.match !== undefined) {
      const close = tags[tag.match]!;
      units.push({ key: tag.key, text: body.slice(tag.start, close.end), start: tag.start, end: close.end });
      index = tag.match;
    }
  }
  return units;
}

function classify(text: string, start: number): TemplateTag {
  const braces = text.startsWith('{{{') ? 3 : 2;
  const inner = text
    .slice(braces, text.length - braces)
    .replace(/^~|~$/g, '')
    .trim();
  const end = start + text.length;
  const tag = (kind: TemplateTagKind, name: string, key: string): TemplateTag => ({
    text,
    start,
    end,
    kind,
    name,
    key,
  });
  const spaced = inner.replace(/\s+/g, ' ');
  if (inner.startsWith('!')) return tag('comment', '', spaced);
  if (inner === '^' || inner === 'else' || inner.startsWith('else ')) return tag('else', '', spaced);
  if (inner.startsWith('#') || inner.startsWith('^')) {
    const rest = inner.slice(1).trim().replace(/\s+/g, ' ');
    return tag('open', rest.split(' ')[0] ?? '', `${inner[0]}${rest}`);
  }
  if (inner.startsWith('/')) {
    const name = inner.slice(1).trim();
    return tag('close', name, `/${name}`);
  }
  if (inner.startsWith('>')) return tag('partial', '', `>${inner.slice(1).trim().replace(/\s+/g, ' ')}`);
  return tag('value', '', spaced);
}

/** Pair each closing tag with the nearest open block of the same name; the rest stay unpaired. */
function pairBlocks(tags: TemplateTag[]): void {
  const open: number[] = [];
  tags.forEach((tag, index) => {
    if (tag.kind === 'open') open.push(index);
    if (tag.kind !== 'close') return;
    const position = open.findLastIndex((candidate) => tags[candidate]!.name === tag.name);
    if (position < 0) return;
    const opening = open[position]!;
    open.length = position;
    tags[opening]!.match = index;
    tag.match = opening;
  });
}
