import type { DotpromptPrompt, Label, LabelMove } from '../spec/prompt.ts';
import { openDatabase, type SqliteDatabase } from '../store/database.ts';
import { PromptLabelStore } from '../store/prompt-label-store.ts';
import { PromptSearchStore } from '../store/prompt-search-store.ts';
import { PromptStore } from '../store/prompt-store.ts';
import { resolveAuthor } from './author.ts';
import type { LibraryContext } from './library-context.ts';
import { type ImportOptions, type ImportResult, importPrompt } from './library-import.ts';
import { type SyncReport, syncLibrary } from './library-index.ts';
import { changeTags, type LabelResult, requirePrompt, rollbackLabel, setLabel } from './library-labels.ts';
import { lookupRef, type RefTarget } from './library-refs.ts';
import {
  AUTOMATIC_MESSAGE,
  noteFile,
  recordVersion,
  type SaveOptions,
  type SaveResult,
  saveVersion,
} from './library-save.ts';
import {
  type LibraryListing,
  listPrompts,
  type PromptHistory,
  promptHistory,
  type SearchResult,
  searchPrompts,
} from './library-views.ts';
import { contentHash, normalizeContent } from './normalize-content.ts';
import { createPartialLoader } from './partials.ts';
import { type Project, projectReadScope } from './project.ts';
import { diffVersions, type PromptDiff } from './prompt-diff.ts';
import { buildLineage, type Lineage } from './prompt-lineage.ts';
import { createResolvedPrompt } from './resolved-prompt.ts';

/** Options of `Library.open`. */
export interface LibraryOptions {
  /** Folder that relative file refs are read from (the CLI's working folder); default: the project root. */
  cwd?: string;
  /** Environment, for PLUME_AUTHOR; default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Author of the versions this library records; default: PLUME_AUTHOR, git's user.name, the OS user. */
  author?: string;
  /**
   * The project's store, already open, for the library to share (a command's one connection); its
   * opener closes it, not `close`. Default: the library opens its own.
   */
  db?: SqliteDatabase;
}

/**
 * The prompt library: the prompt files of a project and their versions, labels, tags and search
 * index in the project's store. Open one per command (or per server); close it when done.
 */
export class Library {
  readonly project: Project;
  private readonly context: LibraryContext;
  private readonly ownsDb: boolean;

  private constructor(context: LibraryContext, ownsDb: boolean) {
    this.project = context.project;
    this.context = context;
    this.ownsDb = ownsDb;
  }

  static open(project: Project, options: LibraryOptions = {}): Library {
    const db = options.db ?? openDatabase(project.storePath);
    const env = options.env ?? process.env;
    let defaultAuthor: string | undefined;
    return new Library(
      {
        project,
        db,
        versions: new PromptStore(db),
        labels: new PromptLabelStore(db),
        search: new PromptSearchStore(db),
        cwd: options.cwd ?? project.root,
        env,
        author: (explicit) => {
          if (explicit?.trim()) return explicit.trim();
          defaultAuthor ??= resolveAuthor(options.author, env, project.root);
          return defaultAuthor;
        },
        loadPartial: createPartialLoader(project.promptsDir, projectReadScope(project)),
      },
      options.db === undefined,
    );
  }

  /** Close the store, unless it was given to `open`. */
  close(): void {
    if (this.ownsDb && this.context.db.open) this.context.db.close();
  }

  /**
   * A prompt ready to render. `ref` is `name` (its file: a new content is recorded as a version),
   * `name@label`, `name@<hash prefix>` (7+ hex), or a path to a .prompt/.prompty/.txt/.md file.
   */
  async resolve(ref: string): Promise<DotpromptPrompt> {
    const target = lookupRef(this.context, ref);
    const source = { file: target.file, ...(target.filePath ? { filePath: target.filePath } : {}) };
    const resolved = await createResolvedPrompt(target.version, source, this.context.loadPartial);
    if (target.inLibrary && target.filePath) {
      const filePath = target.filePath;
      resolved.version = this.context.versions.transaction(() => {
        noteFile(this.context, target.name, filePath, target.version.content);
        if (target.recorded) return target.version;
        const draft = { ...target.version, message: AUTOMATIC_MESSAGE, automatic: true };
        return recordVersion(this.context, draft).version;
      });
    }
    return resolved;
  }

  /**
   * A prompt text compiled as a version of `name` would be, without recording anything: for
   * candidates that may never be kept (an optimizer's, a playground's edit). Errors as for a file.
   */
  async draft(name: string, content: string): Promise<DotpromptPrompt> {
    const normalized = normalizeContent(content);
    const version = {
      hash: contentHash(normalized),
      name,
      parentHash: undefined,
      content: normalized,
      author: '',
      message: 'draft',
      createdAt: new Date().toISOString(),
    };
    return createResolvedPrompt(version, { file: `${name} (draft)` }, this.context.loadPartial);
  }

  /** The version a ref names, without compiling or recording anything. */
  lookup(ref: string): RefTarget {
    return lookupRef(this.context, ref);
  }

  /** Bring the index up to date with the prompts folder (done by list and search). */
  sync(): SyncReport {
    return syncLibrary(this.context);
  }

  list(): LibraryListing {
    return listPrompts(this.context);
  }

  history(name: string): PromptHistory {
    return promptHistory(this.context, name);
  }

  /** Save a version explicitly (from the file, or given content, e.g. an optimizer's candidate). */
  save(options: SaveOptions): Promise<SaveResult> {
    return saveVersion(this.context, options);
  }

  label(name: string, label: string, ref?: string): Promise<LabelResult> {
    return setLabel(this.context, name, label, ref);
  }

  rollback(name: string, label: string): LabelResult {
    return rollbackLabel(this.context, name, label);
  }

  labels(name: string): Label[] {
    return this.context.labels.labelsOf(name);
  }

  labelMoves(name: string, label?: string): LabelMove[] {
    return this.context.labels.moves(name, label);
  }

  /** Tag a prompt; returns its tags set by command. */
  tag(name: string, tags: readonly string[]): string[] {
    return changeTags(this.context, name, tags, false);
  }

  untag(name: string, tags: readonly string[]): string[] {
    return changeTags(this.context, name, tags, true);
  }

  tags(name: string): string[] {
    requirePrompt(this.context, name);
    return this.context.labels.tagsOf(name);
  }

  /** Full-text search over names, descriptions, bodies and tags; best first. */
  search(query: string, limit = 20): SearchResult[] {
    return searchPrompts(this.context, query, limit);
  }

  diff(fromRef: string, toRef: string, context?: number): PromptDiff {
    return diffVersions(this.lookup(fromRef).version, this.lookup(toRef).version, context);
  }

  lineage(ref: string): Lineage {
    return buildLineage(this.context.versions, this.lookup(ref).version);
  }

  import(file: string, options: ImportOptions = {}): Promise<ImportResult> {
    return importPrompt(this.context, file, options);
  }

  /** The `.prompt` text of a version, to write elsewhere. */
  export(ref: string): { name: string; hash: string; content: string } {
    const { version } = this.lookup(ref);
    return { name: version.name, hash: version.hash, content: version.content };
  }
}
