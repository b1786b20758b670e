import { existsSync, readFileSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { isPlumeError, type PlumeError } from '../util/errors.ts';
import type { LibraryContext } from './library-context.ts';
import { contentHash, normalizeContent } from './normalize-content.ts';
import { projectReadScope } from './project.ts';
import { parsePromptDocument } from './prompt-document.ts';
import { listPromptFiles, promptFileOf } from './prompt-files.ts';

/** A prompt file that could not be parsed, and why. */
export interface InvalidPrompt {
  name: string;
  file: string;
  error: PlumeError;
}

/** What a scan of the prompts folder found. */
export interface SyncReport {
  /** Prompt files read because they were new or changed. */
  changed: string[];
  removed: string[];
  invalid: InvalidPrompt[];
}

/**
 * Bring the index (prompt rows, full-text search) up to date with the prompts folder. Files whose
 * size and mtime are unchanged since the last scan are not read again. Versions are not recorded
 * here: that happens when a prompt is used or saved.
 */
export function syncLibrary(context: LibraryContext): SyncReport {
  const { promptsDir } = context.project;
  const known = context.search.files();
  const report: SyncReport = { changed: [], removed: [], invalid: [] };
  const reads: { path: string; stats: Stats; content: string }[] = [];
  const present = new Set(listPromptFiles(promptsDir));
  for (const path of present) {
    const stats = statSync(join(promptsDir, path));
    const record = known.get(path);
    if (record && record.size === stats.size && record.mtimeMs === stats.mtimeMs) continue;
    reads.push({ path, stats, content: normalizeContent(readFileSync(join(promptsDir, path), 'utf8')) });
  }
  context.versions.transaction(() => {
    for (const { path, stats, content } of reads) {
      const name = path.slice(0, -'.prompt'.length);
      const problem = indexPrompt(context, name, content, true);
      if (problem) {
        report.invalid.push({ name, file: join(promptsDir, path), error: problem });
        continue;
      }
      context.search.saveFile({
        path,
        name,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        hash: contentHash(content),
      });
      report.changed.push(name);
    }
    for (const [path, record] of known) {
      if (present.has(path)) continue;
      context.search.forgetFile(path);
      reindexPrompt(context, record.name);
      report.removed.push(record.name);
    }
  });
  return report;
}

/**
 * Index one prompt's current content: its row (current hash, description) and its search text.
 * Returns the parse error instead of indexing when the content is not a valid prompt.
 */
export function indexPrompt(
  context: LibraryContext,
  name: string,
  content: string,
  hasFile: boolean,
): PlumeError | undefined {
  let description: string | undefined;
  let body = content;
  let tags: string[] = [];
  try {
    const document = parsePromptDocument(content, promptFileOf(context.project.promptsDir, name));
    description = document.frontMatter.description;
    body = document.body;
    tags = document.frontMatter.tags ?? [];
  } catch (error) {
    if (isPlumeError(error)) return error;
    throw error;
  }
  const id = context.versions.upsertPrompt({
    name,
    currentHash: contentHash(content),
    description,
    tags,
    hasFile,
  });
  const allTags = [...new Set([...tags, ...context.labels.tagsOf(name)])];
  context.search.index(id, { name, description: description ?? '', body, tags: allTags });
  return undefined;
}

/** Index a prompt from its file when it has one, else from its newest version; forget it when it has neither. */
export function reindexPrompt(context: LibraryContext, name: string): void {
  const file = promptFileOf(context.project.promptsDir, name);
  const read = () => normalizeContent(projectReadScope(context.project).readText(file));
  if (existsSync(file) && !indexPrompt(context, name, read(), true)) return;
  const newest = context.versions.newestVersion(name);
  if (newest && !indexPrompt(context, name, newest.content, existsSync(file))) return;
  const row = context.versions.getPrompt(name);
  if (row && !newest) {
    context.search.remove(row.id);
    context.versions.deletePrompt(name);
  }
}
