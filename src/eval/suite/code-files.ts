import type { AssertionEntry } from '../../spec/assertion.ts';
import type { SourceLocation } from '../../util/errors.ts';
import type { FileVarReader } from './file-var-reader.ts';

// `file://path.py` or `file://path.js:functionName`: a check's code kept in a file of its own.
const CODE_FILE = /^file:\/\/(.+\.(?:js|cjs|mjs|py))(?::([A-Za-z_$][\w$]*))?$/;

/** A check's `value` once its code file is read: what javascript and python checks accept besides inline code. */
export interface CodeFileValue {
  /** The path as written, for messages. */
  file: string;
  code: string;
  /** The function to call; undefined: the file's default (see the checks). */
  function?: string;
}

/**
 * An assert list with every `value: file://….js|.py[:function]` replaced by the file's code (read
 * in scope, relative to the suite's folder); the same list when none names a file.
 */
export function withCodeFiles(
  entries: readonly AssertionEntry[],
  reader: FileVarReader,
  at: () => SourceLocation,
): readonly AssertionEntry[] {
  let changed = false;
  const resolved = entries.map((entry): AssertionEntry => {
    if (entry.type === 'assert-set') {
      const inner = withCodeFiles(entry.assert, reader, at);
      if (inner === entry.assert) return entry;
      changed = true;
      return { ...entry, assert: inner as typeof entry.assert };
    }
    const match = typeof entry.value === 'string' ? CODE_FILE.exec(entry.value) : null;
    if (match === null) return entry;
    changed = true;
    const [, file, name] = match;
    const value: CodeFileValue = {
      file: file!,
      code: reader.readCode(file!, at),
      ...(name && { function: name }),
    };
    return { ...entry, value };
  });
  return changed ? resolved : entries;
}
