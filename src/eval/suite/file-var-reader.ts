import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { SourceLocation } from '../../util/errors.ts';
import { globFiles, isGlob } from '../../util/glob.ts';
import { sha256 } from '../../util/hash.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { safeJsonParse } from '../../util/safe-json.ts';
import { parseYamlSource } from '../../util/yaml-source.ts';
import { suiteError } from './suite-error.ts';

const FILE_PREFIX = 'file://';
const CACHE_SIZE = 64;

/**
 * Reads `file://path` variable values: JSON and YAML files parsed, anything else as text. Paths are
 * relative to the suite's folder, as in promptfoo, and must lie in `scope`. Recent files are
 * cached, since a streamed CSV often names the same file on every row; cached values are shared,
 * so callers must not mutate them.
 */
export class FileVarReader {
  readonly #baseDir: string;
  readonly #scope: ReadScope;
  readonly #cache = new Map<string, unknown>();
  readonly #digests = new Map<string, string>();
  /** The real path of every file allowed so far: each is checked once, however often it is read. */
  readonly #realPaths = new Map<string, string>();

  constructor(baseDir: string, scope: ReadScope) {
    this.#baseDir = baseDir;
    this.#scope = scope;
  }

  /** `vars` with every `file://` value replaced by its file's content; `at(key)` says where a var is written. */
  resolve(vars: Record<string, unknown>, at: (key: string) => SourceLocation): Record<string, unknown> {
    let resolved: Record<string, unknown> | undefined;
    for (const key in vars) {
      if (!Object.hasOwn(vars, key)) continue;
      const value = vars[key];
      if (typeof value !== 'string' || !value.startsWith(FILE_PREFIX)) continue;
      resolved ??= { ...vars };
      const path = value.slice(FILE_PREFIX.length);
      resolved[key] = isGlob(path) ? this.#readGlob(key, path, at) : this.#readVar(key, path, at);
    }
    return resolved ?? vars;
  }

  /**
   * The vars a test takes from files (promptfoo's `vars: path.yaml`, a glob, or a list of them):
   * each YAML or JSON file's mapping, merged in order; paths relative to `dir`, the folder of the
   * file the test is written in, and in scope.
   */
  readVarsFiles(paths: readonly string[], dir: string, at: () => SourceLocation): Record<string, unknown> {
    const vars: Record<string, unknown> = {};
    for (const written of paths) {
      const path = written.startsWith(FILE_PREFIX) ? written.slice(FILE_PREFIX.length) : written;
      const files = isGlob(path) ? globFiles(path, dir) : [resolve(dir, path)];
      // Whether a file outside the project exists is not told: the scope is checked first.
      if (files.length === 0 || !existsSync(this.#scope.resolve(files[0]!, at))) {
        throw suiteError(
          isGlob(path) ? `vars: no file matches '${path}'` : `vars names a file that does not exist: ${path}`,
          at(),
          `write vars as a mapping of name: value, or as the path of a YAML or JSON file of them (relative to ${dir})`,
        );
      }
      for (const file of files) {
        const value = this.#readVar('vars', file, at);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw suiteError(
            `vars: ${file} does not hold a mapping of variables`,
            at(),
            'write the file as name: value lines (YAML) or one JSON object',
          );
        }
        Object.assign(vars, value);
      }
    }
    return vars;
  }

  /** The folders (real paths) its files may be read from. */
  get readRoots(): readonly string[] {
    return this.#scope.roots;
  }

  /** Every file read so far, by absolute path, with the sha256 of its bytes. */
  get filesRead(): ReadonlyMap<string, string> {
    return this.#digests;
  }

  /**
   * The content of a file a check's value names (`file://schema.json`), as for a variable: JSON
   * and YAML parsed, anything else as text.
   */
  readValue(path: string, at: () => SourceLocation): unknown {
    return parseVarFile(resolve(this.#baseDir, path), this.readCode(path, at), at, 'value');
  }

  /**
   * The text of a file a check or transform names (`file://check.py`, `file://transform.js`), relative to the suite's folder and
   * in scope; recorded with the files read, so a changed check changes the data hash.
   */
  readCode(path: string, at: () => SourceLocation): string {
    const file = resolve(this.#baseDir, path);
    const real = this.#scope.resolve(file, at);
    if (!statSync(real, { throwIfNoEntry: false })?.isFile()) {
      throw suiteError(
        `a check or transform refers to a missing file: ${path}`,
        at(),
        `paths are relative to the suite's folder (${this.#baseDir})`,
      );
    }
    const bytes = readFileSync(real);
    this.#digests.set(file, sha256(bytes));
    return bytes.toString('utf8');
  }

  /** A `file://` glob: the content of each file it matches, in order (a test per file, when text). */
  #readGlob(key: string, pattern: string, at: (key: string) => SourceLocation): unknown[] {
    const files = globFiles(pattern, this.#baseDir);
    if (files.length === 0) {
      throw suiteError(
        `variable '${key}': no file matches '${pattern}'`,
        at(key),
        `paths are relative to the suite's folder (${this.#baseDir})`,
      );
    }
    return files.map((file) => this.#readVar(key, file, at));
  }

  #readVar(key: string, path: string, at: (key: string) => SourceLocation): unknown {
    const file = resolve(this.#baseDir, path);
    if (this.#cache.has(file)) return this.#cache.get(file);
    let real = this.#realPaths.get(file);
    if (real === undefined) {
      real = this.#scope.resolve(file, () => at(key));
      this.#realPaths.set(file, real);
    }
    if (!statSync(real, { throwIfNoEntry: false })?.isFile()) {
      throw suiteError(
        `variable '${key}' refers to a missing file: ${path}`,
        at(key),
        `paths are relative to the suite's folder (${this.#baseDir})`,
      );
    }
    const bytes = readFileSync(real);
    this.#digests.set(file, sha256(bytes));
    const value = parseVarFile(file, bytes.toString('utf8'), () => at(key), key);
    if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(file, value);
    return value;
  }
}

function parseVarFile(file: string, text: string, at: () => SourceLocation, key: string): unknown {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') {
    const parsed = safeJsonParse(text);
    if (!parsed.ok) {
      throw suiteError(
        `${key === 'value' ? "a check's value" : `variable '${key}'`}: ${file} is not valid JSON (${parsed.error})`,
        at(),
        'fix the file',
      );
    }
    return parsed.value;
  }
  if (extension === '.yaml' || extension === '.yml')
    return parseYamlSource(text, file, 0, 'SUITE_INVALID').value;
  return text;
}
