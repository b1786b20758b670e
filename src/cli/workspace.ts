import { Library } from '../library/library.ts';
import { loadProject, type Project } from '../library/project.ts';
import { createModelRegistry, type ModelRegistry } from '../models/registry.ts';
import { openDatabase, type SqliteDatabase } from '../store/database.ts';
import type { CliContext } from './context.ts';

/** The shell's code for a process stopped by SIGINT (128 + 2). */
const INTERRUPTED_EXIT_CODE = 130;

/** What a command that calls models works with: the project, its store, library and models. */
export interface Workspace {
  project: Project;
  db: SqliteDatabase;
  library: Library;
  registry: ModelRegistry;
  /** Aborted by Ctrl-C, so that work stops where it is and what is done stays stored. */
  signal: AbortSignal;
}

/**
 * Open the project's store, library and model registry for `work`, with Ctrl-C turned into an
 * abort signal; everything is closed afterwards, whatever happens.
 */
export async function withWorkspace<T>(
  context: CliContext,
  work: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const project = loadProject(context.cwd, context.env);
  const db = openDatabase(project.storePath);
  const library = Library.open(project, { cwd: context.cwd, env: context.env, db });
  const registry = createModelRegistry(project, context.env, { db, download: true });
  const abort = new AbortController();
  // A second Ctrl-C stops at once. The listener stays until the work ends, not `once`: a
  // dependency's signal-exit (loaded with the local model runtime) kills the process again with
  // the signal when it finds itself the only SIGINT listener left.
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  try {
    return await work({ project, db, library, registry, signal: abort.signal });
  } finally {
    process.off('SIGINT', onSignal);
    library.close();
    await registry.close();
    if (db.open) db.close();
  }
}
