import { createHash } from 'node:crypto';

/** Longest value kept as it is; a longer one is cut and given a digest, so that distinct values stay distinct. */
export const RECORDED_VALUE_LENGTH = 200;

/** The part of a long value kept before its digest. */
const KEPT_PREFIX = 160;

/**
 * A test's variables as a breakdown groups them: each value as text (strings as they are, numbers
 * and booleans as written, null as `null`, lists and objects as JSON). A value longer than
 * RECORDED_VALUE_LENGTH (a document, a transcript) is kept as its start and a digest of the whole:
 * two such values group together only when equal, and a run of 100,000 tests does not store its
 * documents a second time.
 */
export function recordedVars(vars: Readonly<Record<string, unknown>>): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (value !== undefined) recorded[name] = recordedValue(value);
  }
  return recorded;
}

/** One value as recordedVars writes it. */
export function recordedValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
  if (text.length <= RECORDED_VALUE_LENGTH) return text;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `${text.slice(0, KEPT_PREFIX)}… (#${digest})`;
}
