import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PlumeError, type ErrorCode, type SourceLocation } from './errors.ts';

/** A YAML text parsed with positions, so any path in it can be reported as file:line. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  locate(path: readonly PropertyKey[]): SourceLocation;
}

/**
 * Parse YAML text. `lineOffset` shifts reported lines, for YAML embedded in a larger file
 * (front matter starts on line 2 of a prompt file).
 */
export function parseYamlSource(text: string, file: string, lineOffset = 0, code: ErrorCode = 'CONFIG_INVALID'): YamlSource {
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
  const locate = (path: readonly PropertyKey[]): SourceLocation => {
    let node: unknown = document.contents;
    let best: Node | undefined = node as Node | undefined;
    for (const key of path) {
      if (isMap(node)) node = node.get(key as string, true);
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
  const issue = result.error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new PlumeError({
    code,
    message: `${path}: ${issue.message}`,
    location: source.locate(issue.path),
    hint: hintFor(issue),
  });
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return `remove or rename ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${issue.values.join(', ')}`;
  return undefined;
}
