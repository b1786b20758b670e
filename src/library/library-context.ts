import type { SqliteDatabase } from '../store/database.ts';
import type { PromptLabelStore } from '../store/prompt-label-store.ts';
import type { PromptSearchStore } from '../store/prompt-search-store.ts';
import type { PromptStore } from '../store/prompt-store.ts';
import type { PartialLoader } from './partials.ts';
import type { Project } from './project.ts';

/** What the library's parts share: the project, the stores, and who is working. */
export interface LibraryContext {
  project: Project;
  db: SqliteDatabase;
  versions: PromptStore;
  labels: PromptLabelStore;
  search: PromptSearchStore;
  /** Relative file paths in refs are resolved against this folder. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The author of new versions: `explicit` when given, else the default (computed once). */
  author(explicit?: string): string;
  loadPartial: PartialLoader;
}
