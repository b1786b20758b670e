import { constants } from 'node:os';
import { Library } from '../library/library.ts';
import type { Project } from '../library/project.ts';
import { createModelRegistry, type ModelRegistry } from '../models/registry.ts';
import { openDatabase, type SqliteDatabase } from '../store/database.ts';
import type { CliContext } from './context.ts';
import { contextProject } from './context.ts';

/** The signals that stop a run where it is, with what is done stored: Ctrl-C, `kill`, a closed terminal. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What a command that calls models works with: the project, its store, library and models. */
export interface Workspace {
  project: Project;
  db: SqliteDatabase;
  library: Library;
  registry: ModelRegistry;
  /** Aborted by SIGINT, SIGTERM or SIGHUP, so that work stops where it is and what is done stays stored. */
  signal: AbortSignal;
}

/**
 * Open the project's store, library and model registry for `work`, with SIGINT, SIGTERM and SIGHUP
 * turned into an abort signal; everything is closed afterwards, whatever happens. Work stopped by
 * one of them exits as the shell reports a process killed by it, 128 + its number (130 for Ctrl-C,
 * 143 for SIGTERM, 129 for SIGHUP), so that a script never takes a stopped run for a finished one.
 */
export async function withWorkspace<T>(
  context: CliContext,
  work: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const project = contextProject(context);
  const db = openDatabase(project.storePath);
  const library = Library.open(project, { cwd: context.cwd, env: context.env, db });
  const registry = createModelRegistry(project, context.env, { db, download: true });
  const abort = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  // A second signal stops at once. The listeners stay until the work ends, not `once`: a
  // dependency's signal-exit (loaded with the local model runtime) kills the process again with
  // the signal when it finds itself the only listener left for it.
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(exitCodeOf(signal));
    stoppedBy = signal;
    abort.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    return await work({ project, db, library, registry, signal: abort.signal });
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    library.close();
    await registry.close();
    if (db.open) db.close();
    if (stoppedBy !== undefined) context.exitCode = exitCodeOf(stoppedBy);
  }
}

/** The shell's code for a process stopped by `signal`: 128 + its number. */
function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
