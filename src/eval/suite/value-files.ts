import type { AssertionEntry } from '../../spec/assertion.ts';
import type { SourceLocation } from '../../util/errors.ts';
import type { FileVarReader } from './file-var-reader.ts';

// `file://path.py` or `file://path.js:functionName`: a check's code kept in a file of its own.
const CODE_FILE = /^file:\/\/(.+\.(?:js|cjs|mjs|py))(?::([A-Za-z_$][\w$]*))?$/;
const FILE_PREFIX = 'file://';

/** A check's `value` once its code file is read: what javascript and python checks accept besides inline code. */
export interface CodeFileValue {
  /** The path as written, for messages. */
  file: string;
  code: string;
  /** The function to call; undefined: the file's default (see the checks). */
  function?: string;
}

/** `file://path.ext[:function]` naming a code file (.js, .cjs, .mjs, .py): its path and function; else undefined. */
export function codeFileReference(value: string): { path: string; function: string | undefined } | undefined {
  const match = CODE_FILE.exec(value);
  return match === null ? undefined : { path: match[1]!, function: match[2] || undefined };
}

/**
 * An assert list with every `value: file://…` read (in scope, relative to the suite's folder), as
 * promptfoo does: `.js`, `.cjs`, `.mjs` and `.py` files (with an optional `:function`) become code
 * (a CodeFileValue), JSON and YAML files their data (`json-schema: file://schema.json`), others
 * their text. The same list when no value names a file.
 */
export function withValueFiles(
  entries: readonly AssertionEntry[],
  reader: FileVarReader,
  at: () => SourceLocation,
): readonly AssertionEntry[] {
  // Nearly every test names no file: it costs no copy.
  if (!entries.some(namesFile)) return entries;
  let changed = false;
  const resolved = entries.map((entry): AssertionEntry => {
    if (entry.type === 'assert-set') {
      const inner = withValueFiles(entry.assert, reader, at);
      if (inner === entry.assert) return entry;
      changed = true;
      return { ...entry, assert: inner as typeof entry.assert };
    }
    if (typeof entry.value !== 'string' || !entry.value.startsWith(FILE_PREFIX)) return entry;
    changed = true;
    const reference = codeFileReference(entry.value);
    if (reference === undefined)
      return { ...entry, value: reader.readValue(entry.value.slice(FILE_PREFIX.length), at) };
    const value: CodeFileValue = {
      file: reference.path,
      code: reader.readCode(reference.path, at),
      ...(reference.function !== undefined && { function: reference.function }),
    };
    return { ...entry, value };
  });
  return changed ? resolved : entries;
}

function namesFile(entry: AssertionEntry): boolean {
  if (entry.type === 'assert-set') return entry.assert.some(namesFile);
  return typeof entry.value === 'string' && entry.value.startsWith(FILE_PREFIX);
}
