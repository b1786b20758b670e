import { lazyModule } from '../util/lazy-module.ts';

/** Handlebars' parser alone: 8 of its 40 modules, without the compiler that Dotprompt loads. */
interface HandlebarsParser {
  parse(template: string): { body: readonly Statement[] };
}

const handlebarsParser = lazyModule<HandlebarsParser>('handlebars/dist/cjs/handlebars/compiler/base.js');

/**
 * Every helper a Dotprompt template can call: Handlebars' own and Dotprompt's. A single name in
 * `{{name}}` is a helper call when it is one of these, so such a body is not plain. A test checks
 * this list against the helpers of a Dotprompt instance.
 */
export const TEMPLATE_HELPERS: ReadonlySet<string> = new Set([
  'blockHelperMissing',
  'each',
  'helperMissing',
  'if',
  'log',
  'lookup',
  'unless',
  'with',
  'history',
  'ifEquals',
  'json',
  'media',
  'role',
  'section',
  'unlessEquals',
]);

interface Statement {
  type: string;
  value?: unknown;
  path?: { type: string; data?: boolean; depth?: number; parts?: readonly string[]; original?: unknown };
  params?: readonly unknown[];
  hash?: unknown;
}

const isOwnEnumerable = Object.prototype.propertyIsEnumerable;

/** Renders a plain template to its string, or undefined where only Handlebars itself can say. */
export type PlainRenderer = (input: Record<string, unknown>) => string | undefined;

/**
 * Most prompt bodies are text with `{{name}}` or `{{a.b}}` substitutions and nothing else, yet
 * Handlebars sets up its whole runtime on each call (it wraps every registered helper anew): a
 * tenth of a cached re-run's time. For such a body this gives a renderer that produces the string
 * Handlebars would, as Dotprompt compiles it (`noEscape`, `knownHelpersOnly`): null and undefined
 * render as '', anything else as `'' + value`. It returns undefined, so the caller renders through
 * Handlebars, wherever Handlebars would do more than read own properties: a function value (a
 * lambda), a property a value only inherits (Handlebars' prototype-access rules), a step through
 * a string or number. A body with anything else (helpers, blocks, partials, `this`, `@data`,
 * parent paths, literals) gets no renderer at all.
 */
export function plainRenderer(body: string): PlainRenderer | undefined {
  const pieces = simplePieces(body) ?? parsedPieces(body);
  return pieces === undefined ? undefined : rendererOf(pieces);
}

/** Text, or the path a `{{a.b}}` reads. */
type Piece = string | readonly string[];

// `{{name}}` or `{{ a.b.c }}`: names of letters, digits and underscores.
const SIMPLE_MUSTACHE = /\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}/g;

// Names the parser reads as something else than a path (keywords, literals, the context).
const NOT_A_NAME: ReadonlySet<string> = new Set(['this', 'else', 'true', 'false', 'null', 'undefined']);

/**
 * The pieces of a body whose only mustaches are `{{name}}` or `{{a.b}}`, found without loading
 * Handlebars' parser (some 12 ms at a run's start); undefined wherever the parser has to decide:
 * any other `{{`, a `{` or `\` just before one or a `}` just after, a helper's name or a
 * keyword. Where it answers, it answers as the parser does (a test checks this).
 */
export function simplePieces(body: string): Piece[] | undefined {
  const pieces: Piece[] = [];
  let from = 0;
  const text = (to: number): boolean => {
    const content = body.slice(from, to);
    if (content.includes('{{')) return false;
    if (content.length > 0) pieces.push(content);
    return true;
  };
  for (const match of body.matchAll(SIMPLE_MUSTACHE)) {
    const before = body[match.index - 1];
    const end = match.index + match[0].length;
    if (before === '{' || before === '\\' || body[end] === '}' || !text(match.index)) return undefined;
    const parts = match[1]!.split('.');
    if (parts.some((part) => NOT_A_NAME.has(part)) || callsHelper(parts)) return undefined;
    pieces.push(parts);
    from = end;
  }
  return text(body.length) ? pieces : undefined;
}

/** The pieces of a body as Handlebars' parser reads it; undefined unless it is plain. */
export function parsedPieces(body: string): Piece[] | undefined {
  let program: { body: readonly Statement[] };
  try {
    program = handlebarsParser().parse(body);
  } catch {
    return undefined;
  }
  const pieces: Piece[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ContentStatement') {
      if (typeof statement.value !== 'string') return undefined;
      pieces.push(statement.value);
    } else if (statement.type === 'CommentStatement') {
      // renders nothing; the parser has already applied its whitespace control
    } else if (statement.type === 'MustacheStatement') {
      const parts = plainPath(statement);
      if (parts === undefined) return undefined;
      pieces.push(parts);
    } else {
      return undefined;
    }
  }
  return pieces;
}

function rendererOf(pieces: readonly Piece[]): PlainRenderer {
  return (input) => {
    let out = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      let value: unknown = input;
      for (let step = 0; step < piece.length; step++) {
        if (value === null || value === undefined) break;
        if (typeof value !== 'object') return undefined;
        const name = piece[step]!;
        const next: unknown = (value as Record<string, unknown>)[name];
        // Dotprompt renders a copy of the input ({ ...input }): its own enumerable properties only.
        const own = step === 0 ? isOwnEnumerable.call(value, name) : Object.hasOwn(value, name);
        if (next !== null && next !== undefined && !own) return undefined;
        value = next;
      }
      if (typeof value === 'function') return undefined;
      if (value !== null && value !== undefined) out += value;
    }
    return out;
  };
}

// The path of a `{{a.b.c}}` that reads the context and calls nothing, or undefined.
function plainPath(statement: Statement): readonly string[] | undefined {
  const path = statement.path;
  if (path?.type !== 'PathExpression' || path.data === true || path.depth !== 0) return undefined;
  if ((statement.params?.length ?? 0) > 0 || (statement.hash !== undefined && statement.hash !== null))
    return undefined;
  const parts = path.parts;
  if (parts === undefined || parts.length === 0 || typeof path.original !== 'string') return undefined;
  if (/^(this\b|\.)/.test(path.original) || callsHelper(parts)) return undefined;
  return parts;
}

// A single name may be a helper call (`{{json}}`), which Dotprompt's known helpers make it.
function callsHelper(parts: readonly string[]): boolean {
  return parts.length === 1 && TEMPLATE_HELPERS.has(parts[0]!);
}
