/** What a template holds, found by one pass over its text before Handlebars sees it. */
export interface TemplateScan {
  /** `{{ }}` tags, comments left out. */
  tags: number;
  /** 1-based line in the template of tag number `atTag` (see scanTemplate). */
  tagLine: number | undefined;
  /** The deepest block nesting, and the 1-based line of the first block opened that deep. */
  depth: number;
  depthLine: number;
  /** `{{> name}}` inclusions by a plain name, with their 1-based lines. */
  partials: { name: string; line: number }[];
}

// The name of `{{> name}}` (what Dotprompt looks up); a dynamic `{{> (expression)}}` has none.
const PARTIAL_NAME = /\s*([^\s}~()]+)/y;

/**
 * Count tags, block depth and partial inclusions as Handlebars would read them, in linear time:
 * Handlebars' parser takes quadratic time in block depth (2,000 nested `{{#if}}`: 3.6 s) and its
 * compiler about half a millisecond a tag, so limits are checked on this scan first. Comments are
 * skipped; `{{#…}}`, `{{^name}}` and `{{#> …}}` open a block, `{{/…}}` closes one.
 * `atDepth` and `atTag` ask for the line where the depth, and the count of tags, first pass them.
 */
export function scanTemplate(body: string, atDepth: number, atTag = Number.POSITIVE_INFINITY): TemplateScan {
  const scan: TemplateScan = { tags: 0, tagLine: undefined, depth: 0, depthLine: 1, partials: [] };
  let depth = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (index: number): number => {
    for (let at = body.indexOf('\n', counted); at !== -1 && at < index; at = body.indexOf('\n', at + 1)) {
      line += 1;
      counted = at + 1;
    }
    if (counted < index) counted = index;
    return line;
  };
  for (let open = body.indexOf('{{'); open !== -1; open = body.indexOf('{{', open)) {
    if (body.charCodeAt(open - 1) === BACKSLASH) {
      open += 2;
      continue;
    }
    let at = open + 2;
    while (body[at] === '{') at += 1;
    if (body[at] === '~') at += 1;
    const kind = body[at];
    if (kind === '!') {
      const long = body.startsWith('--', at + 1);
      const close = long ? LONG_COMMENT_END : SHORT_COMMENT_END;
      close.lastIndex = long ? at + 3 : at + 1;
      open = close.exec(body) === null ? body.length : close.lastIndex;
      continue;
    }
    scan.tags += 1;
    if (scan.tags === atTag) scan.tagLine = lineAt(open);
    if (kind === '#' || (kind === '^' && body[at + 1] !== '}' && body[at + 1] !== '~')) {
      depth += 1;
      if (depth > scan.depth) {
        scan.depth = depth;
        if (depth === atDepth) scan.depthLine = lineAt(open);
      }
    } else if (kind === '/') depth = Math.max(0, depth - 1);
    else if (kind === '>') {
      PARTIAL_NAME.lastIndex = at + 1;
      const name = PARTIAL_NAME.exec(body)?.[1];
      if (name !== undefined) scan.partials.push({ name, line: lineAt(open) });
    }
    open = at;
  }
  return scan;
}

const BACKSLASH = 0x5c;
const LONG_COMMENT_END = /--~?\}\}/g;
const SHORT_COMMENT_END = /\}\}/g;
