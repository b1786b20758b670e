import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PlumeError, type SourceLocation } from './errors.ts';

const ALLOW_HINT =
  'move the file into the project, or allow its folder with allowRead in plume.yaml (allowRead: [../data])';

/**
 * The folders plume may read user-named files from: the project's, and those plume.yaml allows.
 * Suites, test data and prompts come from others, so a path they name (`file://../../etc/passwd`,
 * an absolute path, a symlink leading out) is checked here before it is read. Paths are compared
 * as real paths, with every symlink resolved, and the real path is what callers then read.
 */
export class ReadScope {
  /** The allowed folders, as real paths. */
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    const real = [...new Set(roots.map((root) => realPathOf(resolve(root))))];
    // A folder inside another allowed one adds nothing (the prompts folder, most often).
    this.roots = real.filter((root) => !real.some((other) => other !== root && isInside(other, root)));
  }

  /**
   * The real path of `path` when it lies in an allowed folder; else a user error at `at` (a
   * location, or a function giving it, called only for the error).
   */
  resolve(path: string, at?: SourceLocation | (() => SourceLocation)): string {
    const absolute = resolve(path);
    const real = realPathOf(absolute);
    if (this.contains(real)) return real;
    const leads = real === absolute ? '' : ` (it leads to ${real})`;
    const location = typeof at === 'function' ? at() : at;
    throw new PlumeError({
      code: 'READ_OUTSIDE_PROJECT',
      message: `${path} is outside the project${leads}; plume reads files only inside ${this.roots.join(', ')}`,
      ...(location === undefined ? {} : { location }),
      hint: ALLOW_HINT,
    });
  }

  /** The text of `path` (UTF-8), once `resolve` allows it. */
  readText(path: string, at?: SourceLocation | (() => SourceLocation)): string {
    return readFileSync(this.resolve(path, at), 'utf8');
  }

  /** Whether a real path lies in one of the allowed folders. */
  contains(real: string): boolean {
    return this.roots.some((root) => isInside(root, real));
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path`; for a path that does not exist (yet), the real path of its nearest
 * existing folder followed by the rest, so a missing file is judged by where it would be.
 */
export function realPathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    return join(realPathOf(parent), basename(path));
  }
}
