import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { PromptVersion } from '../spec/prompt.ts';
import { isPlumeError, PlumeError } from '../util/errors.ts';
import { convertToPrompt } from './convert-prompt.ts';
import { splitFrontMatter } from './front-matter.ts';
import type { LibraryContext } from './library-context.ts';
import { recordVersion, validate, writePromptFile } from './library-save.ts';
import { contentHash } from './normalize-content.ts';
import { projectReadScope } from './project.ts';
import { assertPromptName, promptFileOf } from './prompt-files.ts';

/** Options of `import`. */
export interface ImportOptions {
  /** Name in the library; by default the file's name without its extension. */
  name?: string;
  /** Replace a prompt file that already exists. */
  force?: boolean;
  author?: string;
  message?: string;
}

/** An imported prompt: its new file, its first version, and the source settings left out. */
export interface ImportResult {
  name: string;
  filePath: string;
  version: PromptVersion;
  created: boolean;
  dropped: string[];
}

/** Import a `.prompty`, `.txt`, `.md` (or `.prompt`) file as a `.prompt` file in the library, and record it. */
export async function importPrompt(
  context: LibraryContext,
  file: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const source = resolve(context.cwd, file);
  const scope = projectReadScope(context.project);
  const real = scope.resolve(source);
  let text: string;
  try {
    text = scope.readText(real);
  } catch {
    throw new PlumeError({
      code: 'IMPORT_INVALID',
      message: `cannot read ${source}`,
      hint: 'check the path',
    });
  }
  const name = options.name ?? basename(source, extname(source));
  assertPromptName(name, 'choose one with --name (letters, digits, `_`, `.`, `-`, and `/` between folders)');
  const filePath = promptFileOf(context.project.promptsDir, name);
  const converted = convertToPrompt(text, source);
  if (
    existsSync(filePath) &&
    !options.force &&
    contentHash(scope.readText(filePath)) !== contentHash(converted.content)
  ) {
    throw new PlumeError({
      code: 'USAGE',
      message: `prompt '${name}' already exists (${filePath})`,
      hint: 'import it under another name with --name, or replace it with --force',
    });
  }
  const author = context.author(options.author);
  const draft: PromptVersion = {
    hash: contentHash(converted.content),
    name,
    parentHash: undefined,
    content: converted.content,
    author,
    message: options.message ?? `imported from ${basename(source)}`,
    createdAt: new Date().toISOString(),
  };
  await validate(context, draft, filePath).catch((error: unknown) => {
    throw pointAtSource(error, converted.content, converted.sourceBodyLine, source, filePath);
  });
  const result = context.versions.transaction(() => {
    writePromptFile(context, name, filePath, converted.content);
    return recordVersion(context, { ...draft, automatic: false });
  });
  return { name, filePath, version: result.version, created: result.created, dropped: converted.dropped };
}

/** An error in the converted file, moved to the matching line of the source (bodies map line for line). */
function pointAtSource(
  error: unknown,
  content: string,
  sourceBodyLine: number,
  source: string,
  target: string,
): unknown {
  if (!isPlumeError(error) || error.location?.file !== target) return error;
  const line = error.location.line;
  // A .prompt source is the file itself: its lines are the same.
  const bodyLine =
    extname(source).toLowerCase() === '.prompt' ? sourceBodyLine : splitFrontMatter(content, target).bodyLine;
  const inBody = line !== undefined && line >= bodyLine;
  return new PlumeError({
    code: error.code === 'PROMPT_INVALID' ? 'IMPORT_INVALID' : error.code,
    message: error.message,
    location: inBody ? { file: source, line: line - bodyLine + sourceBodyLine } : { file: source },
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    cause: error,
  });
}
