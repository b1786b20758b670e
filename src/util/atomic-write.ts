import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file whole or not at all: `produce` hands its text to `write` piece by piece; it goes to
 * a temporary file beside the destination, flushed to disk and renamed over it once complete, so a
 * failed, interrupted or killed write leaves the old file or the whole new one, never a part.
 * Errors (of the file system, or thrown by `produce`) propagate; the temporary file is removed.
 */
export function writeAtomically(path: string, produce: (write: (text: string) => void) => void): void {
  // Hidden, and unique to this write: two writers of the same file never share one.
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  let renamed = false;
  try {
    const descriptor = openSync(temporary, 'wx');
    created = true;
    try {
      produce((text) => writeSync(descriptor, text));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
    renamed = true;
  } finally {
    if (created && !renamed) rmSync(temporary, { force: true });
  }
}
