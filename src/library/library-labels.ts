import { existsSync } from 'node:fs';
import type { LabelMove } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import type { LibraryContext } from './library-context.ts';
import { reindexPrompt } from './library-index.ts';
import { lookupRef, type RefTarget } from './library-refs.ts';
import { AUTOMATIC_MESSAGE, recordVersion, validate } from './library-save.ts';
import { shortHash } from './normalize-content.ts';
import { assertPromptName, promptFileOf } from './prompt-files.ts';

/** The result of `label`: the move made, or none when the label already pointed there. */
export interface LabelResult {
  label: string;
  name: string;
  hash: string;
  move: LabelMove | undefined;
}

const LABEL = /^[A-Za-z][\w.-]*$/;
const TAG = /^[\p{L}\p{N}_.-]+$/u;

/**
 * Point `label` of prompt `name` at a version: `ref` is a hash prefix, another label, or a full
 * ref; by default (or when `ref` is the name) the prompt's current file, recorded first if it is new.
 */
export async function setLabel(
  context: LibraryContext,
  name: string,
  label: string,
  ref?: string,
): Promise<LabelResult> {
  checkLabel(label);
  const target = lookupRef(context, labelTargetRef(name, ref));
  if (target.name !== name) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${ref} is a version of '${target.name}', not of '${name}'`,
      hint: `labels point at versions of their own prompt; save it as '${name}' first`,
    });
  }
  const hash = await ensureRecorded(context, target);
  if (context.labels.getLabel(name, label)?.versionHash === hash)
    return { label, name, hash, move: undefined };
  return { label, name, hash, move: context.labels.moveLabel(name, label, hash) };
}

/** Move `label` back to where it pointed before its last move; repeated, it keeps going back. */
export function rollbackLabel(context: LibraryContext, name: string, label: string): LabelResult {
  const undo = context.labels.moveToUndo(name, label);
  if (!undo) {
    throw new PlumeError({
      code: 'LABEL_NOT_FOUND',
      message: `prompt '${name}' has no label '${label}' to roll back`,
      hint: `see its labels with \`plume lib show ${name}\``,
    });
  }
  if (undo.fromHash === undefined) {
    throw new PlumeError({
      code: 'USAGE',
      message: `label '${label}' of '${name}' has no earlier version (it was created at ${shortHash(undo.toHash)})`,
      hint: `point it at a version with \`plume lib label ${name} ${label} <hash>\``,
    });
  }
  const move = context.labels.moveLabel(name, label, undo.fromHash, undo.id);
  return { label, name, hash: undo.fromHash, move };
}

/** Add (or, with `remove`, take off) tags of a prompt; returns its command-set tags after the change. */
export function changeTags(
  context: LibraryContext,
  name: string,
  tags: readonly string[],
  remove: boolean,
): string[] {
  requirePrompt(context, name);
  const bad = tags.find((tag) => !TAG.test(tag));
  if (bad !== undefined) {
    throw new PlumeError({
      code: 'USAGE',
      message: `'${bad}' is not a valid tag`,
      hint: 'a tag is one word: letters, digits, `_`, `.`, `-`',
    });
  }
  context.versions.transaction(() => {
    if (remove) context.labels.removeTags(name, tags);
    else context.labels.addTags(name, tags);
    reindexPrompt(context, name);
  });
  return context.labels.tagsOf(name);
}

/** `ref` as a full ref: nothing or the name itself is the current file; a bare word is a hash prefix or label. */
function labelTargetRef(name: string, ref: string | undefined): string {
  if (ref === undefined || ref === name) return name;
  return ref.includes('@') || /\.(prompt|prompty|txt|md)$/i.test(ref) ? ref : `${name}@${ref}`;
}

async function ensureRecorded(context: LibraryContext, target: RefTarget): Promise<string> {
  if (target.recorded) return target.version.hash;
  await validate(context, target.version, target.file);
  const draft = { ...target.version, message: AUTOMATIC_MESSAGE, automatic: true };
  return recordVersion(context, draft).version.hash;
}

function checkLabel(label: string): void {
  if (!LABEL.test(label) || /^[0-9a-f]{7,64}$/i.test(label)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `'${label}' is not a valid label`,
      hint: 'a label starts with a letter and holds letters, digits, `_`, `.`, `-` (and does not look like a hash)',
    });
  }
}

/** Throw PROMPT_NOT_FOUND unless `name` has a file or a recorded version. */
export function requirePrompt(context: LibraryContext, name: string): void {
  assertPromptName(name);
  const file = promptFileOf(context.project.promptsDir, name);
  if (existsSync(file) || context.versions.newestVersion(name)) return;
  throw new PlumeError({
    code: 'PROMPT_NOT_FOUND',
    message: `no prompt named '${name}'`,
    hint: `expected the file ${file}; see the prompts with \`plume lib list\``,
  });
}
