import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { loadProject, projectReadScope } from '../../library/project.ts';
import type { AssertionEntry } from '../../spec/assertion.ts';
import { UNUSED_PROMPTFOO_KEYS } from '../../spec/suite.ts';
import { isPlumeError, PlumeError, type SourceLocation } from '../../util/errors.ts';
import { parseYamlSource, type YamlSource } from '../../util/yaml-source.ts';
import { checkAssertions } from '../assertions/check-assertions.ts';
import { originalPath, type Removal, remove, shallowestAt, valueAt } from './import-document-paths.ts';
import { type ImportedPromptFile, importPrompts, rebaseFilePaths } from './import-promptfoo-prompts.ts';
import { loadSuiteSource } from './load-suite.ts';

/** Something of the promptfoo config that the plume suite does not have, and where it was written. */
export interface NotCarried {
  /** Its path in the config (`providers.0.config.max_tokens`); undefined when plume named none. */
  path: string | undefined;
  file: string;
  line: number | undefined;
  /** What plume said of it. */
  message: string;
}

/** A promptfoo config turned into a plume suite, not yet written. */
export interface PromptfooImport {
  /** The plume suite document, its file:// paths relative to the output folder. */
  suite: Record<string, unknown>;
  /** Prompt files to write beside it (Dotprompt where the template renders the same). */
  prompts: ImportedPromptFile[];
  notCarried: NotCarried[];
  /** Whether plume loads the suite as written; when not, the last of notCarried says why. */
  loads: boolean;
}

// Each round drops one thing plume refuses; a config with more than this is not worth importing.
const MAX_ROUNDS = 200;
// An entry refused for its kind (an assertion's type, a provider's id) is dropped whole.
const IDENTITY_KEYS: ReadonlySet<PropertyKey> = new Set(['type', 'id']);

/**
 * Read a promptfoo config (YAML or JSON; code configs are never run) and keep what plume's own
 * suite loader accepts: the loader is asked again and again, and each thing it refuses at a place
 * of the config (an unknown key, a refused assertion, a prompt file it cannot read) is dropped and
 * listed with its file:line. What is left is written for `outDir`: `providers` as `models`,
 * file:// paths made relative to it, prompts as Dotprompt files where they render the same.
 */
export async function importPromptfoo(configFile: string, outDir: string): Promise<PromptfooImport> {
  const file = resolve(configFile);
  const original = readConfig(file);
  const document = structuredClone(original.value) as Record<string, unknown>;
  const pruned = await prune(file, original, document);
  // Keys plume reads and ignores (listed, with why, in notCarried) are not written.
  for (const key of UNUSED_PROMPTFOO_KEYS) delete document[key];
  const baseDir = dirname(file);
  const { prompts, files } = importPrompts(document.prompts, baseDir, outDir);
  const { providers, models, prompts: _written, ...rest } = document;
  const { description, ...others } = rest;
  const suite = Object.fromEntries(
    Object.entries({
      description,
      prompts,
      models: rebaseFilePaths(models ?? providers, baseDir, outDir),
      ...(rebaseFilePaths(others, baseDir, outDir) as Record<string, unknown>),
    }).filter(([, value]) => value !== undefined),
  );
  return { suite, prompts: files, ...pruned };
}

function readConfig(file: string): YamlSource {
  const extension = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `cannot import ${file}: only YAML and JSON promptfoo configs are read`,
      location: { file },
      hint: 'a JavaScript or TypeScript config is code: export its value as YAML first',
    });
  }
  const source = parseYamlSource(readFileSync(file, 'utf8'), file, 0, 'SUITE_INVALID');
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: 'a promptfoo config is a mapping (prompts:, providers:, tests:, ...)',
      location: { file, line: 1 },
    });
  }
  return source;
}

async function prune(
  file: string,
  original: YamlSource,
  document: Record<string, unknown>,
): Promise<{ notCarried: NotCarried[]; loads: boolean }> {
  const removals: Removal[] = [];
  const notCarried: NotCarried[] = [];
  const scope = projectReadScope(loadProject(dirname(file)));
  const toOriginal = (path: readonly PropertyKey[]) => originalPath(path, removals);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const seen: { path?: readonly PropertyKey[] } = {};
    const source: YamlSource = {
      file,
      value: document,
      locate: (path, options) => {
        seen.path = path;
        return original.locate(toOriginal(path), options);
      },
      lineOf: (path) => original.lineOf(toOriginal(path)),
    };
    try {
      const loaded = await loadSuiteSource(source, { scope });
      // What plume reads and ignores (promptfoo's keys it does not run) is not carried over either.
      notCarried.push(...loaded.warnings.map((warning) => ignoredPart(warning, file)));
      return { notCarried, loads: true };
    } catch (error) {
      if (!isPlumeError(error) || error.category !== 'user') throw error;
      const lineOf = (path: readonly PropertyKey[], key: boolean) =>
        original.locate(toOriginal(path), { key }).line;
      const at = await droppable(seen.path, error.location, file, document, lineOf);
      const where = error.location ?? { file };
      notCarried.push({
        path: at ? toOriginal(at).join('.') : undefined,
        file: where.file,
        // Found below the line the loader named (a test's check): at the check's own line.
        line: at && at !== seen.path ? (lineOf(at, false) ?? where.line) : where.line,
        message: at ? ownPart(error.message, at.at(-1)!) : error.message,
      });
      if (!at) return { notCarried, loads: false };
      remove(document, at, removals);
    }
  }
  return { notCarried, loads: false };
}

// A load warning, `file:line[:column]: message` (or a message naming no place), as a part not carried over.
function ignoredPart(warning: string, file: string): NotCarried {
  const match = /^(.+?):(\d+)(?::\d+)?: ([\s\S]*)$/.exec(warning);
  if (match === null) return { path: undefined, file, line: undefined, message: warning };
  return { path: undefined, file: match[1]!, line: Number(match[2]), message: match[3]! };
}

/**
 * The path to drop for an error at `location` in this config: the last path the loader located,
 * when the error is at its line (so it is what the loader refused); else the entry written at that
 * line (a test, whose own checks the loader compiles and reports at the test's line): the one of
 * its checks that does not compile alone, or the whole entry. A refused `type` or `id` drops the
 * entry it names. Undefined for the whole config or a path no longer there.
 */
async function droppable(
  located: readonly PropertyKey[] | undefined,
  location: SourceLocation | undefined,
  file: string,
  document: Record<string, unknown>,
  lineOf: (path: readonly PropertyKey[], key: boolean) => number | undefined,
): Promise<readonly PropertyKey[] | undefined> {
  if (location?.file !== file || location.line === undefined) return undefined;
  const line = location.line;
  const atLine = (path: readonly PropertyKey[]) =>
    lineOf(path, false) === line || lineOf(path, true) === line;
  let found = located !== undefined && atLine(located) ? located : undefined;
  if (found === undefined) {
    const entry = shallowestAt(
      document,
      (path, node) => typeof node === 'object' && node !== null && !Array.isArray(node) && atLine(path),
    );
    found = entry && ((await refusedCheck(document, entry)) ?? entry);
  }
  if (found === undefined) return undefined;
  const path = IDENTITY_KEYS.has(found.at(-1)!) && found.length > 1 ? found.slice(0, -1) : found;
  return path.length > 0 && valueAt(document, path) !== undefined ? path : undefined;
}

/** The first check of the entry's `assert` list that plume refuses on its own. */
async function refusedCheck(
  document: Record<string, unknown>,
  entry: readonly PropertyKey[],
): Promise<readonly PropertyKey[] | undefined> {
  const checks = (valueAt(document, entry) as { assert?: unknown }).assert;
  if (!Array.isArray(checks)) return undefined;
  for (const [index, check] of checks.entries()) {
    try {
      await checkAssertions([check as AssertionEntry], {});
    } catch {
      return [...entry, 'assert', index];
    }
  }
  return undefined;
}

/**
 * A message without the path it starts with (the item says its path), and of a message about
 * several keys (`a: unknown key 'x'; unknown key 'y'`) the part about `key`.
 */
function ownPart(message: string, key: PropertyKey): string {
  const parts = message.replace(/^(\(top level\)|[\w-]+(\[\d+\])?(\.[\w-]+(\[\d+\])?)*): /, '').split('; ');
  return parts.find((part) => part.includes(`'${String(key)}'`)) ?? parts.join('; ');
}
