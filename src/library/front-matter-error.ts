import type { z } from 'zod';
import { PlumeError, type SourceLocation } from '../util/errors.ts';
import type { YamlSource } from '../util/yaml-source.ts';

/** The first zod issue of a front matter as a PlumeError at the line of the offending key. */
export function frontMatterError(issue: z.core.$ZodIssue, source: YamlSource): PlumeError {
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
  const shown = path.length > 0 ? path.join('.') : '(front matter)';
  const message = unknownKey === undefined ? `${shown}: ${issue.message}` : `${shown}: unknown key`;
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `front matter ${message}`,
    // For an unknown key, locate() finds its value: keep the line, drop the value's column.
    location: unknownKey === undefined ? source.locate(path) : withoutColumn(source.locate(path)),
    hint: hintFor(issue, unknownKey),
  });
}

function hintFor(issue: z.core.$ZodIssue, unknownKey: string | undefined): string | undefined {
  // The front matter is open (see front-matter-use.ts): only a nested closed object gets here.
  if (unknownKey !== undefined) return `remove '${unknownKey}'`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${issue.values.join(', ')}`;
  return undefined;
}

function withoutColumn(location: SourceLocation): SourceLocation {
  return location.line === undefined ? { file: location.file } : { file: location.file, line: location.line };
}
