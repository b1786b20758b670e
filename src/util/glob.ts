import { lazyModule } from './lazy-module.ts';

// Loaded by the first pattern that may be a glob: tinyglobby and picomatch take some 20 ms to
// load, and most suites name plain paths.
const tinyglobby = lazyModule<typeof import('tinyglobby')>('tinyglobby');

// Every character that can make a pattern dynamic (wildcards, classes, braces, extglobs, a
// leading `!`) or escape one: a pattern without any is a plain path.
const MAYBE_GLOB = /[*?[\]{}()!+@\\]/;

/** Whether `pattern` is a glob rather than a plain path, as tinyglobby's isDynamicPattern says. */
export function isGlob(pattern: string): boolean {
  return MAYBE_GLOB.test(pattern) && tinyglobby().isDynamicPattern(pattern);
}

/** The files matching a glob, as absolute paths in sorted order. */
export function globFiles(pattern: string, baseDir: string): string[] {
  return tinyglobby().globSync(pattern, { cwd: baseDir, absolute: true, onlyFiles: true }).sort();
}
