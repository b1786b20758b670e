import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { closestKey } from '../spec/closest-key.ts';
import { type ErrorCode, PlumeError, type SourceLocation } from './errors.ts';

/** A YAML text parsed with positions, so any path in it can be reported as file:line. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  locate(path: readonly PropertyKey[], options?: LocateOptions): SourceLocation;
}

export interface LocateOptions {
  /** Point at the last key of `path` itself rather than at its value (which may start lines below). */
  key?: boolean;
}

function keyOf(map: YAMLMap, key: PropertyKey): Node | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/**
 * Parse YAML text. `lineOffset` shifts reported lines, for YAML embedded in a larger file
 * (front matter starts on line 2 of a prompt file).
 */
export function parseYamlSource(
  text: string,
  file: string,
  lineOffset = 0,
  code: ErrorCode = 'CONFIG_INVALID',
): YamlSource {
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
    return { file, line: line + lineOffset, column: col };
  };
  return { file, value: document.toJS() ?? {}, locate };
}

/** Validate a parsed source with a zod schema; the first issue becomes a PlumeError at its file:line. */
export function validateYaml<T extends z.ZodType>(
  source: YamlSource,
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
