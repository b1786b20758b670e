import type { z } from 'zod';
import { closestKey } from '../spec/closest-key.ts';
import { PlumeError, type SourceLocation } from '../util/errors.ts';
import type { YamlSource } from '../util/yaml-source.ts';

/** Keys users may write at each level, to suggest the one a typo meant. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['model', 'config', 'input', 'output', 'description', 'tags', 'variant', 'metadata'],
  config: [
    'temperature',
    'maxOutputTokens',
    'maxTokens',
    'topP',
    'topK',
    'stopSequences',
    'stop',
    'seed',
    'presencePenalty',
    'frequencyPenalty',
    'timeoutMs',
  ],
  input: ['schema', 'default'],
  output: ['format', 'schema'],
};

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
  if (unknownKey !== undefined) {
    const known = KNOWN_KEYS[issue.path.join('.')] ?? [];
    const guess = closestKey(unknownKey, known);
    if (guess) return `did you mean '${guess}'?`;
    return known.length > 0 ? `allowed keys here: ${known.join(', ')}` : `remove '${unknownKey}'`;
  }
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${issue.values.join(', ')}`;
  return undefined;
}

function withoutColumn(location: SourceLocation): SourceLocation {
  return location.line === undefined ? { file: location.file } : { file: location.file, line: location.line };
}
