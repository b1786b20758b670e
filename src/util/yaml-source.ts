import jsYaml from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { closestKey } from '../spec/closest-key.ts';
import { type ErrorCode, PlumeError, type SourceLocation } from './errors.ts';
import { documentExpansion, type Expansion, ExpansionCounter, expansionError } from './yaml-expansion.ts';

/** A YAML text parsed with positions, so any path in it can be reported as file:line. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  locate(path: readonly PropertyKey[], options?: LocateOptions): SourceLocation;
  /**
   * The line `locate` gives for the mapping or list at `path` (or its nearest parent that is one),
   * found without positioning every node: for the lines of a suite's tests, where nothing failed.
   */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export interface LocateOptions {
  /** Point at the last key of `path` itself rather than at its value (which may start lines below). */
  key?: boolean;
  /** Point at a block scalar's first line of text rather than at its `|` or `>` (a template's line 1). */
  text?: boolean;
}

function keyOf(map: YAMLMap, key: PropertyKey): Node | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/**
 * Parse YAML text. `lineOffset` shifts reported lines, for YAML embedded in a larger file
 * (front matter starts on line 2 of a prompt file).
 *
 * Read by js-yaml, with the YAML 1.2 core schema as the yaml library resolves it (FAST_SCHEMA),
 * and only the start of each mapping and list kept. The yaml library's Document, which positions
 * every node, is built only when a location is asked for (an error) or when js-yaml declines the
 * text (a syntax error, a duplicate key, a tag): it reports those as before. A suite of 10,000
 * inline tests with three checks each (440 KB) took about 1.9 s and kept 49 MB in the Document;
 * js-yaml reads it in about 0.15 s.
 */
export function parseYamlSource(
  text: string,
  file: string,
  lineOffset = 0,
  code: ErrorCode = 'CONFIG_INVALID',
): YamlSource {
  const fast = fastParse(text);
  if (fast === undefined) return documentSource(text, file, lineOffset, code);
  if (fast.expansion.overAt !== undefined) {
    const line = lineAt(text, fast.expansion.overAt) + lineOffset;
    throw expansionError(fast.expansion, { file, line }, code);
  }
  let precise: YamlSource | undefined;
  const document = (): YamlSource => {
    precise ??= documentSource(text, file, lineOffset, code);
    return precise;
  };
  const lines = new LineCounter();
  return {
    file,
    value: fast.value ?? {},
    locate: (path, options) => document().locate(path, options),
    lineOf(path) {
      let node: unknown = fast.value;
      let start = fast.starts.get(node as object);
      for (const key of path) {
        if (node === null || typeof node !== 'object') break;
        node = (node as Record<PropertyKey, unknown>)[key];
        if (node === null || typeof node !== 'object') break;
        start = fast.starts.get(node) ?? start;
      }
      if (start === undefined) return document().lineOf(path);
      // Lines are counted at the first call: most sources are never asked.
      if (lines.lineStarts.length === 0) {
        lines.addNewLine(0);
        for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
          lines.addNewLine(at + 1);
      }
      return lines.linePos(start).line + lineOffset;
    },
  };
}

/** js-yaml's reading of a text, with where each mapping and list starts; undefined if it declines. */
interface FastParse {
  value: unknown;
  starts: WeakMap<object, number>;
  expansion: Expansion;
}

// A tag (`!!str`, `!local`, `!<...>`): the two libraries resolve tags differently, so a text that
// may hold one is left to the yaml library.
const MAY_HOLD_TAG = /(?:^|[\s[{,:-])!/;

function fastParse(text: string): FastParse | undefined {
  if (MAY_HOLD_TAG.test(text)) return undefined;
  const starts = new WeakMap<object, number>();
  // Each mapping's and list's size with its aliases expanded, counted as it closes.
  const sizes = new WeakMap<object, number>();
  const counter = new ExpansionCounter();
  // Without an alias every node is new and written once: nothing to count (a third of reading).
  const aliased = text.includes('*');
  const opened: number[] = [];
  try {
    const value = jsYaml.load(text, {
      schema: FAST_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          opened.push(state.position);
          return;
        }
        const at = opened.pop()!;
        const result: unknown = state.result;
        if (result === null || typeof result !== 'object') {
          if (aliased) counter.add(1, at);
          return;
        }
        const start = contentStart(text, at);
        if (!aliased) {
          starts.set(result, start);
          return;
        }
        // An alias gives the anchored node again: it keeps the start of its first appearance,
        // and counts its whole size again; one inside its own anchor finds it still open.
        if (text.charCodeAt(start) === ALIAS) {
          const size = sizes.get(result);
          if (size === undefined) counter.cycle(start);
          counter.add(size ?? 1, start);
          return;
        }
        const size = expandedSize(result, sizes);
        sizes.set(result, size);
        counter.add(size, start);
        if (!starts.has(result)) starts.set(result, start);
      },
    });
    return { value, starts, expansion: counter.result() };
  } catch {
    return undefined;
  }
}

const ALIAS = 0x2a;

// A mapping's or list's size once its children have closed: itself, each key, each child's size.
function expandedSize(node: object, sizes: WeakMap<object, number>): number {
  const sizeOf = (child: unknown): number =>
    child !== null && typeof child === 'object' ? (sizes.get(child) ?? 1) : 1;
  let size = 1;
  if (Array.isArray(node)) for (const child of node) size += sizeOf(child);
  else for (const key in node) size += 1 + sizeOf((node as Record<string, unknown>)[key]);
  return size;
}

// The 1-based line of an offset in a text.
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

// Where a node's content starts: js-yaml opens a mapping's value where its key's line ends, the
// yaml library positions it at its first token (past spaces, line breaks and comments).
function contentStart(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const char = text.charCodeAt(at);
    if (isBlank(char)) at += 1;
    else if (char === 0x23 && (at === from || isBlank(text.charCodeAt(at - 1)))) {
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end + 1;
    } else break;
  }
  return at;
}

function isBlank(char: number): boolean {
  return char === 0x20 || char === 0x09 || char === 0x0a || char === 0x0d;
}

/**
 * The YAML 1.2 core schema as the yaml library resolves plain scalars (null, booleans, integers,
 * floats; everything else a string): js-yaml's own core types differ, reading `0b101`, `+0x1F`
 * and `-0x1F` as integers and leaving `+.5`, `-.5` and `1e400` strings.
 */
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const CORE_FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

function coreNumber(text: string): number {
  if (text.startsWith('0o')) return Number.parseInt(text.slice(2), 8);
  if (text.startsWith('0x')) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return Number(text);
}

const FAST_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (data: unknown) => data === null || (typeof data === 'string' && CORE_NULL.test(data)),
      construct: () => null,
      predicate: (value: unknown) => value === null,
    }),
    new jsYaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && CORE_BOOL.test(data),
      construct: (data: string) => data === 'true' || data === 'True' || data === 'TRUE',
      predicate: (value: unknown) => typeof value === 'boolean',
    }),
    new jsYaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && CORE_INT.test(data),
      construct: coreNumber,
      predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
    }),
    new jsYaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && CORE_FLOAT.test(data) && !CORE_INT.test(data),
      construct: coreNumber,
      predicate: (value: unknown) => typeof value === 'number',
    }),
  ],
});

// The text as the yaml library's Document: positions of every node, and its errors' wording.
function documentSource(text: string, file: string, lineOffset: number, code: ErrorCode): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const position = first.pos[0];
    const { line, col } = lineCounter.linePos(position);
    throw new PlumeError({
      code,
      message: `YAML syntax error: ${first.message.split('\n')[0]}`,
      location: { file, line: line + lineOffset, column: col },
      hint: 'check indentation and quoting near this line',
    });
  }
  const expansion = documentExpansion(document);
  if (expansion.overAt !== undefined) {
    const line = lineCounter.linePos(expansion.overAt).line + lineOffset;
    throw expansionError(expansion, { file, line }, code);
  }
  const locate = (path: readonly PropertyKey[], options: LocateOptions = {}): SourceLocation => {
    let node: unknown = document.contents;
    let best: Node | undefined = node as Node | undefined;
    for (const [index, key] of path.entries()) {
      const keyNode = options.key && index === path.length - 1 && isMap(node) ? keyOf(node, key) : undefined;
      if (keyNode) node = keyNode;
      else if (isMap(node)) node = node.get(key as string, true);
      else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
      else break;
      if (node && typeof node === 'object' && 'range' in (node as object)) best = node as Node;
      else break;
    }
    const offset = best?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    const block =
      options.text && isScalar(best) && (best.type === 'BLOCK_LITERAL' || best.type === 'BLOCK_FOLDED');
    if (block) return { file, line: line + 1 + lineOffset };
    return { file, line: line + lineOffset, column: col };
  };
  // The expansion is bounded above, so the library's own cap (100 uses of an anchor) is not needed.
  return {
    file,
    value: document.toJS({ maxAliasCount: -1 }) ?? {},
    locate,
    lineOf: (path) => locate(path).line,
  };
}

/** Validate a parsed source with a zod schema; the first issue becomes a PlumeError at its file:line. */
export function validateYaml<T extends z.ZodType>(
  source: Pick<YamlSource, 'file' | 'value' | 'locate'>,
  schema: T,
  code: ErrorCode = 'CONFIG_INVALID',
): z.infer<T> {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  const issue = pickIssue(result.error.issues);
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  // An unknown key is reported on its own line, not on the line of the object holding it.
  const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  throw new PlumeError({
    code,
    message: `${path}: ${unknownOptionMessage(issue, source.value) ?? issue.message}`,
    location: source.locate(at, { key: issue.code === 'unrecognized_keys' }),
    hint: hintFor(issue),
  });
}

// A discriminated union's own message lists every option; say what was written and the closest option.
function unknownOptionMessage(issue: z.core.$ZodIssue, value: unknown): string | undefined {
  const { discriminator, options } = issue as { discriminator?: unknown; options?: unknown };
  if (issue.code !== 'invalid_union' || typeof discriminator !== 'string' || !Array.isArray(options))
    return undefined;
  const at = valueAt(value, issue.path);
  const written = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[discriminator] : at;
  if (written === undefined) return `${discriminator} is missing`;
  const close = typeof written === 'string' ? closestKey(written, options.map(String)) : undefined;
  return `unknown ${discriminator} ${JSON.stringify(written)}${close ? ` (did you mean '${close}'?)` : ''}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    value,
  );
}

/**
 * The issue most worth showing: an unknown key first (a typo often explains the other issues),
 * and inside a union whose every branch failed, the one branch that got past the type check.
 */
function pickIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0]!;
  if (issue.code !== 'invalid_union') return issue;
  const branches = issue.errors
    .map((branch) => branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })))
    .filter((branch) => !(branch[0]?.code === 'invalid_type' && branch[0].path.length === issue.path.length));
  return branches.length === 1 ? pickIssue(branches[0]!) : issue;
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys')
    return `remove or rename ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${issue.values.join(', ')}`;
  const { options } = issue as { options?: unknown };
  if (issue.code === 'invalid_union' && Array.isArray(options)) {
    const more = options.length > 30 ? `, and ${options.length - 30} more` : '';
    return `use one of: ${options.slice(0, 30).join(', ')}${more}`;
  }
  return undefined;
}
