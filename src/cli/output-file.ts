import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeAtomically } from '../util/atomic-write.ts';
import { PlumeError } from '../util/errors.ts';

/** A file a command will write, checked before the command does its work. */
export interface OutputFile {
  readonly path: string;
  /**
   * Write the file: `produce` hands its text to `write` piece by piece. It goes to a temporary
   * file beside the destination, renamed over it once complete, so a failed or interrupted
   * write never leaves a partial or empty file.
   */
  write(produce: (write: (text: string) => void) => void): void;
}

/**
 * The file that `flag` (the option or command naming it, for messages) names, relative to `cwd`,
 * once its folder is known to exist and to be writable: a command that runs for minutes must not
 * fail at its end on a typo in a path.
 */
export function outputFile(cwd: string, file: string, flag = '--output'): OutputFile {
  const path = resolve(cwd, file);
  const folder = dirname(path);
  const refuse = (message: string, hint: string, cause?: unknown): never => {
    throw new PlumeError({ code: 'OUTPUT_UNWRITABLE', message: `${flag} ${file}: ${message}`, hint, cause });
  };
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (folderStat === undefined)
    refuse(
      `the folder ${folder} does not exist`,
      `create it first (mkdir -p ${folder}) or name another file`,
    );
  else if (!folderStat.isDirectory()) refuse(`${folder} is not a folder`, 'name a file in a folder');
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
    refuse(`${path} is a folder`, 'name a file, such as results.jsonl, in it');
  try {
    accessSync(folder, constants.W_OK);
  } catch (cause) {
    refuse(`cannot write in ${folder}`, 'name a file in a folder you can write to', cause);
  }
  return { path, write: (produce) => writeThroughTemporary(path, produce, refuse) };
}

function writeThroughTemporary(
  path: string,
  produce: (write: (text: string) => void) => void,
  refuse: (message: string, hint: string, cause?: unknown) => never,
): void {
  try {
    writeAtomically(path, produce);
  } catch (error) {
    if (error instanceof PlumeError || !isSystemError(error)) throw error;
    refuse(
      `cannot write it: ${error.message}`,
      'check the folder and the free space, or name another file',
      error,
    );
  }
}

// A file system's error; SQLite's (the store read for the export failed) are no fault of the file.
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException).code;
  return error instanceof Error && typeof code === 'string' && !code.startsWith('SQLITE_');
}
