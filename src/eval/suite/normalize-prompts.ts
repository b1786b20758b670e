import { statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { isPromptName } from '../../library/prompt-files.ts';
import { templateSyntaxOf } from '../../library/template-syntax.ts';
import type { SuiteFile, SuitePrompt, VersionSelector } from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { globFiles, isGlob } from '../../util/glob.ts';
import { sha256 } from '../../util/hash.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import type { YamlSource } from '../../util/yaml-source.ts';
import { isPromptFunction, isPromptfooPromptFile, readPromptFile } from './prompt-file-texts.ts';
import { suiteError } from './suite-error.ts';

// Paths read as files rather than library names: the library's (library-refs.ts) and promptfoo's.
const FILE_REF = /\.(prompt|prompty|txt|md|j2|json|jsonl|ya?ml|csv)$/i;
const LABEL = /^[A-Za-z][\w.-]*$/;
const HASH = /^[0-9a-f]{7,64}$/;
const FILE_PREFIX = 'file://';

type At = () => SourceLocation;

/**
 * The prompts of a suite, in order; file globs expand to their files, sorted. `writtenAt` gets,
 * for each prompt, the path in the suite of the entry that named it.
 */
export function normalizePrompts(
  prompts: SuiteFile['prompts'],
  source: YamlSource,
  baseDir: string,
  scope: ReadScope,
  writtenAt: (readonly PropertyKey[])[] = [],
): SuitePrompt[] {
  if (typeof prompts === 'object' && !Array.isArray(prompts)) {
    // promptfoo's map form: each prompt (a path or the text) is a key, its label the value.
    return Object.entries(prompts).flatMap(([prompt, label]) => {
      const path = ['prompts', prompt];
      const at = () => source.locate(path, { key: true });
      const found = promptFromString(prompt, label, { baseDir, scope, at });
      for (const _ of found) writtenAt.push(path);
      return found;
    });
  }
  const entries = typeof prompts === 'string' ? [prompts] : prompts;
  return entries.flatMap((entry, index) => {
    const path = typeof prompts === 'string' ? ['prompts'] : ['prompts', index];
    const found = normalizePrompt(entry, path, source, baseDir, scope);
    // An inline text's errors point into the text: `raw:`'s value rather than its entry.
    const textPath = typeof entry === 'object' && entry.raw !== undefined ? [...path, 'raw'] : path;
    for (const _ of found) writtenAt.push(textPath);
    return found;
  });
}

function normalizePrompt(
  entry: Extract<SuiteFile['prompts'], unknown[]>[number] | string,
  path: readonly PropertyKey[],
  source: YamlSource,
  baseDir: string,
  scope: ReadScope,
): SuitePrompt[] {
  const at = () => source.locate(path);
  const place = { baseDir, scope, at };
  if (typeof entry === 'string') return promptFromString(entry, undefined, place);
  // With both, promptfoo takes raw as the text and id as the prompt's name (what a label is here).
  if (entry.raw !== undefined) return [inlinePrompt(entry.raw, entry.label ?? entry.id)];
  if (entry.id !== undefined) return promptFromString(entry.id, entry.label, place);
  throw suiteError(
    'a prompt needs id or raw',
    at(),
    "write id: name@label or file://path, or raw: 'the text'",
  );
}

/** Where a prompt entry is written, and the folders its files may be in. */
interface Place {
  baseDir: string;
  scope: ReadScope;
  at: At;
}

function promptFromString(text: string, label: string | undefined, place: Place): SuitePrompt[] {
  if (text.startsWith(FILE_PREFIX)) return filePrompts(text.slice(FILE_PREFIX.length), label, place);
  // Inline text has spaces or template tags; a single word is a library reference.
  if (/\s|\{\{/.test(text)) return [inlinePrompt(text, label)];
  if (FILE_REF.test(text)) return filePrompts(text, label, place);
  const [name, ...versions] = text.split('@');
  if (!name || !isPromptName(name)) return [inlinePrompt(text, label)];
  const selector = versions.length === 0 ? undefined : parseVersion(text, versions, place.at);
  return [{ kind: 'library', ref: text, name, selector, label: label ?? text }];
}

function parseVersion(ref: string, versions: string[], at: At): VersionSelector {
  const hint = 'write name@label (such as name@production) or name@hash (7 to 64 lowercase hex digits)';
  const version = versions.join('@');
  if (versions.length > 1 || version === '') {
    throw suiteError(`prompt reference '${ref}' has a malformed version`, at(), hint);
  }
  // A version made of hex digits, one at least, is a hash prefix; anything else starting with a digit is a typo.
  if (HASH.test(version) && /\d/.test(version)) return { kind: 'hash', hash: version };
  if (LABEL.test(version)) return { kind: 'label', label: version };
  throw suiteError(`prompt reference '${ref}' has a malformed version '${version}'`, at(), hint);
}

function filePrompts(path: string, label: string | undefined, place: Place): SuitePrompt[] {
  const { baseDir, scope, at } = place;
  if (isPromptFunction(path)) return [functionPrompt(path, label, place)];
  const glob = isGlob(path);
  const files = glob
    ? globFiles(path, baseDir)
    : [resolve(baseDir, path)].filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
  if (files.length === 0) {
    throw suiteError(
      glob ? `no prompt file matches '${path}'` : `prompt file not found: ${path}`,
      at(),
      `paths are relative to the suite's folder (${baseDir})`,
    );
  }
  for (const file of files) scope.resolve(file, at);
  return files.flatMap((file): SuitePrompt[] => {
    // A label given to several files names each `label: path`, as promptfoo labels them (and a
    // provider's `prompts: [label]` still picks them all).
    const name =
      label === undefined
        ? relative(baseDir, file)
        : files.length === 1
          ? label
          : `${label}: ${relative(baseDir, file)}`;
    if (!isPromptfooPromptFile(file)) return [{ kind: 'file', path: file, label: name }];
    const texts = readPromptFile(file, scope, at);
    return texts.map(({ text, line, label: own }, index) => ({
      ...templatePrompt(text),
      label: own ?? (texts.length === 1 ? name : `${name}#${index + 1}`),
      origin: { file, line },
    }));
  });
}

/** `file://prompt.js` or `file://prompt.js:name`: JavaScript the runner calls in the sandbox, if the suite allows code. */
function functionPrompt(path: string, label: string | undefined, place: Place): SuitePrompt {
  const { baseDir, scope, at } = place;
  const [, written, functionName] = /^(.*?)(?::([A-Za-z_$][\w$]*))?$/.exec(path)!;
  if (!/\.[cm]?js$/i.test(written!)) {
    throw suiteError(
      `prompt functions in ${extname(written!)} files (${path}) are not supported: only JavaScript ones, in the sandbox`,
      at(),
      'write the function in a .js file (CommonJS or plain exports, no imports), or the prompt as a template (a .txt, .json or .yaml file, or inline text)',
    );
  }
  const file = resolve(baseDir, written!);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    throw suiteError(
      `prompt file not found: ${written}`,
      at(),
      `paths are relative to the suite's folder (${baseDir})`,
    );
  }
  const name = label ?? relative(baseDir, file) + (functionName === undefined ? '' : `:${functionName}`);
  const prompt: SuitePrompt = {
    kind: 'inline',
    text: scope.readText(file, at),
    label: name,
    syntax: 'javascript',
    origin: { file, line: 1 },
  };
  if (functionName !== undefined) prompt.functionName = functionName;
  return prompt;
}

function inlinePrompt(text: string, label: string | undefined): SuitePrompt {
  // The text itself never becomes a label: labels show up in messages and logs.
  return { ...templatePrompt(text), label: label ?? `inline:${sha256(text).slice(0, 8)}` };
}

/** Text rendered by Nunjucks as promptfoo renders it, unless it is written for Handlebars (plume's own). */
function templatePrompt(text: string): { kind: 'inline'; text: string; syntax?: 'nunjucks' } {
  return templateSyntaxOf(text) === 'nunjucks'
    ? { kind: 'inline', text, syntax: 'nunjucks' }
    : { kind: 'inline', text };
}
