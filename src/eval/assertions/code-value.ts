import { z } from 'zod';
import type { Assertion } from '../../spec/assertion.ts';
import { configError } from './assertion-config.ts';

/** A check's code: written inline, or read from a file the suite names (`file://check.py:fn`). */
export type CodeValue =
  | { kind: 'inline'; code: string }
  | { kind: 'file'; file: string; code: string; function: string | undefined };

const valueSchema = z.union([
  z.string().min(1),
  // What the suite loader makes of `file://path[:function]` (see withValueFiles).
  z.object({ file: z.string().min(1), code: z.string(), function: z.string().min(1).optional() }).strict(),
]);

/** Read a javascript or python check's value: inline code, or a code file the suite loader has read. */
export function parseCodeValue(assertion: Assertion, language: string): CodeValue {
  const parsed = valueSchema.safeParse(assertion.value);
  if (!parsed.success)
    throw configError(`"${assertion.type}" needs ${language} code as its value, or file://path[:function]`);
  const value = parsed.data;
  if (typeof value !== 'string')
    return { kind: 'file', file: value.file, code: value.code, function: value.function };
  if (value.startsWith('file://'))
    throw configError(
      `"${assertion.type}": ${value} is not a ${language} file plume can read here`,
      'a code file ends in .js, .cjs, .mjs or .py and is read when a suite loads, relative to its folder',
    );
  return { kind: 'inline', code: value };
}
