import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { PromptVersion } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import { convertToPrompt } from './convert-prompt.ts';
import type { LibraryContext } from './library-context.ts';
import { contentHash, normalizeContent, shortHash } from './normalize-content.ts';
import { projectReadScope } from './project.ts';
import { isPromptName, promptFileOf, promptNameOf } from './prompt-files.ts';

/** What a ref points at: a version, and whether it is recorded in the store yet. */
export interface RefTarget {
  name: string;
  version: PromptVersion;
  recorded: boolean;
  /** Where errors in this version point: its file, or `name@hash` for a stored version. */
  file: string;
  filePath?: string;
  /** True for the prompt file of a library name: using it records a version. */
  inLibrary: boolean;
}

const FILE_REF = /\.(prompt|prompty|txt|md)$/i;
const HASH_PREFIX = /^[0-9a-f]{7,64}$/i;

/** Whether `ref` names a file (read from disk) rather than a prompt of the library. */
export function isFileRef(ref: string): boolean {
  return FILE_REF.test(ref);
}

/**
 * Find what `ref` names: `name` (the prompt file, else the newest version), `name@label`,
 * `name@<hash prefix>`, or a path to a .prompt/.prompty/.txt/.md file. Nothing is recorded.
 */
export function lookupRef(context: LibraryContext, ref: string): RefTarget {
  if (isFileRef(ref)) return lookupFile(context, resolve(context.cwd, ref));
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  if (!isPromptName(name)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `'${ref}' is not a prompt reference`,
      hint: 'write name, name@label, name@<hash prefix> or a path to a .prompt file',
    });
  }
  return at < 0 ? lookupName(context, name) : lookupSelector(context, name, ref.slice(at + 1));
}

function lookupFile(context: LibraryContext, path: string): RefTarget {
  // Refused before anything is said of the file, even whether it exists.
  const real = projectReadScope(context.project).resolve(path);
  const name = promptNameOf(context.project.promptsDir, path);
  if (name !== undefined && existsSync(path)) return lookupName(context, name);
  if (!existsSync(path)) {
    throw new PlumeError({ code: 'PROMPT_NOT_FOUND', message: `no file ${path}`, hint: 'check the path' });
  }
  const text = readFileSync(real, 'utf8');
  const extension = extname(path).toLowerCase();
  const content = extension === '.prompt' ? normalizeContent(text) : convertToPrompt(text, path).content;
  const version: PromptVersion = {
    hash: contentHash(content),
    name: basename(path, extname(path)),
    parentHash: undefined,
    content,
    author: context.author(),
    message: '',
    createdAt: statSync(path).mtime.toISOString(),
  };
  return { name: version.name, version, recorded: false, file: path, filePath: path, inLibrary: false };
}

function lookupName(context: LibraryContext, name: string): RefTarget {
  const filePath = promptFileOf(context.project.promptsDir, name);
  if (existsSync(filePath)) {
    const content = normalizeContent(projectReadScope(context.project).readText(filePath));
    const hash = contentHash(content);
    const stored = context.versions.getVersion(name, hash);
    const newest = stored ? undefined : context.versions.newestVersion(name);
    const version: PromptVersion = stored ?? {
      hash,
      name,
      parentHash: newest?.hash,
      content,
      author: context.author(),
      message: '',
      createdAt: new Date().toISOString(),
    };
    return { name, version, recorded: stored !== undefined, file: filePath, filePath, inLibrary: true };
  }
  const newest = context.versions.newestVersion(name);
  if (newest) return storedTarget(newest);
  throw new PlumeError({
    code: 'PROMPT_NOT_FOUND',
    message: `no prompt named '${name}'`,
    hint: `expected the file ${filePath}; see the prompts with \`plume lib list\``,
  });
}

function lookupSelector(context: LibraryContext, name: string, selector: string): RefTarget {
  const label = context.labels.getLabel(name, selector);
  if (label) {
    const version = context.versions.getVersion(name, label.versionHash);
    if (version) return storedTarget(version);
  }
  if (HASH_PREFIX.test(selector)) {
    const matches = context.versions.findByPrefix(name, selector);
    if (matches.length === 1) return storedTarget(matches[0]!);
    if (matches.length > 1) {
      throw new PlumeError({
        code: 'USAGE',
        message: `'${name}@${selector}' matches several versions`,
        hint: 'give more characters of the hash',
      });
    }
    throw new PlumeError({
      code: 'VERSION_NOT_FOUND',
      message: `prompt '${name}' has no version ${selector}`,
      hint: `see its versions with \`plume lib history ${name}\``,
    });
  }
  const labels = context.labels.labelsOf(name).map((entry) => entry.label);
  throw new PlumeError({
    code: 'LABEL_NOT_FOUND',
    message: `prompt '${name}' has no label '${selector}'`,
    hint:
      labels.length > 0
        ? `its labels: ${labels.join(', ')}`
        : `set one with \`plume lib label ${name} ${selector}\``,
  });
}

function storedTarget(version: PromptVersion): RefTarget {
  return {
    name: version.name,
    version,
    recorded: true,
    file: `${version.name}@${shortHash(version.hash)}`,
    inLibrary: false,
  };
}
