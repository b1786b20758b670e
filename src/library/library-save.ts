import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { PromptVersion, ResolvedPrompt } from '../spec/prompt.ts';
import { writeAtomically } from '../util/atomic-write.ts';
import { PlumeError } from '../util/errors.ts';
import type { LibraryContext } from './library-context.ts';
import { indexPrompt } from './library-index.ts';
import { lookupRef } from './library-refs.ts';
import { contentHash, normalizeContent } from './normalize-content.ts';
import { projectReadScope } from './project.ts';
import { assertPromptName, promptFileOf } from './prompt-files.ts';
import { createResolvedPrompt } from './resolved-prompt.ts';

/** What to save as a version. */
export interface SaveOptions {
  name: string;
  /** The prompt's text; by default, its file in the prompts folder. */
  content?: string;
  /** Also write `content` to the prompt's file. */
  writeFile?: boolean;
  /** The version this one comes from: a ref (`name@hash`, `name@label`, `name`) or a full hash. By default, the newest version of `name`. */
  parent?: string;
  author?: string;
  message?: string;
  /** Data kept with the version (an optimizer's report, ...). */
  metadata?: Record<string, unknown>;
}

/** A saved version; `created` is false when the content was already a version of that name. */
export interface SaveResult {
  version: PromptVersion;
  created: boolean;
  filePath?: string;
}

/** A version to record, already validated. */
export interface VersionDraft {
  name: string;
  content: string;
  parentHash?: string;
  author: string;
  message: string;
  metadata?: Record<string, unknown>;
  automatic: boolean;
}

export const AUTOMATIC_MESSAGE = 'recorded on use';

/**
 * Record a version. Content already recorded under the name is not recorded again; when an
 * explicit save meets an automatic record, the record takes the save's author and message.
 */
export function recordVersion(context: LibraryContext, draft: VersionDraft): SaveResult {
  const content = normalizeContent(draft.content);
  const hash = contentHash(content);
  const existing = context.versions.getVersion(draft.name, hash);
  if (existing) {
    if (draft.automatic || !existing.automatic) return { version: existing, created: false };
    context.versions.annotate(draft.name, hash, draft.author, draft.message);
    return { version: { ...existing, author: draft.author, message: draft.message }, created: false };
  }
  const parentHash = draft.parentHash ?? context.versions.newestVersion(draft.name)?.hash;
  const version: PromptVersion = {
    hash,
    name: draft.name,
    parentHash: parentHash === hash ? undefined : parentHash,
    content,
    author: draft.author,
    message: draft.message,
    createdAt: new Date().toISOString(),
    ...(draft.metadata ? { metadata: draft.metadata } : {}),
  };
  context.versions.insertVersion(version, draft.automatic);
  return { version, created: true };
}

/** Validate and save a version of `options.name`, from its file or from the given content. */
export async function saveVersion(context: LibraryContext, options: SaveOptions): Promise<SaveResult> {
  const { name } = options;
  assertPromptName(name);
  const filePath = promptFileOf(context.project.promptsDir, name);
  const content = normalizeContent(options.content ?? readPromptFile(context, filePath, name));
  const parentHash = options.parent === undefined ? undefined : parentHashOf(context, options.parent);
  const draft: PromptVersion = {
    hash: contentHash(content),
    name,
    parentHash,
    content,
    author: context.author(options.author),
    message: options.message ?? 'saved',
    createdAt: new Date().toISOString(),
  };
  await validate(context, draft, filePath);
  const writes = options.writeFile === true && options.content !== undefined;
  return context.versions.transaction(() => {
    if (writes) writePromptFile(context, name, filePath, content);
    const result = recordVersion(context, { ...draft, ...optionalMetadata(options), automatic: false });
    if (!writes && options.content !== undefined && !existsSync(filePath))
      indexPrompt(context, name, content, false);
    return existsSync(filePath) ? { ...result, filePath } : result;
  });
}

/** Write a prompt file and index it at once, so the next scan need not read it again. */
export function writePromptFile(
  context: LibraryContext,
  name: string,
  filePath: string,
  content: string,
): void {
  mkdirSync(dirname(filePath), { recursive: true });
  // Whole or not at all: a save killed halfway must not leave the user's prompt file cut short.
  // A prompt file that is a link is written where it leads, as a plain write would.
  const target = existsSync(filePath) ? realpathSync(filePath) : filePath;
  writeAtomically(target, (write) => write(content));
  noteFile(context, name, filePath, content);
}

/** Update the index for a prompt file whose content was just read or written. */
export function noteFile(context: LibraryContext, name: string, filePath: string, content: string): void {
  const path = relative(context.project.promptsDir, filePath).split(sep).join('/');
  const hash = contentHash(content);
  if (context.search.file(path)?.hash === hash) return;
  if (indexPrompt(context, name, content, true)) return;
  const stats = statSync(filePath);
  context.search.saveFile({ path, name, size: stats.size, mtimeMs: stats.mtimeMs, hash });
}

/** Parse, check and compile a version, so no broken prompt is saved. */
export function validate(
  context: LibraryContext,
  version: PromptVersion,
  file: string,
): Promise<ResolvedPrompt> {
  return createResolvedPrompt(version, { file }, context.loadPartial);
}

function parentHashOf(context: LibraryContext, parent: string): string {
  if (/^[0-9a-f]{64}$/.test(parent)) return parent;
  return lookupRef(context, parent).version.hash;
}

function readPromptFile(context: LibraryContext, filePath: string, name: string): string {
  // A symlink in the prompts folder may lead anywhere: it is followed only inside the project.
  const real = projectReadScope(context.project).resolve(filePath);
  try {
    return readFileSync(real, 'utf8');
  } catch {
    throw new PlumeError({
      code: 'PROMPT_NOT_FOUND',
      message: `no prompt named '${name}'`,
      hint: `expected the file ${filePath}; see the prompts with \`plume lib list\``,
    });
  }
}

function optionalMetadata(options: SaveOptions): { metadata?: Record<string, unknown> } {
  return options.metadata ? { metadata: options.metadata } : {};
}
