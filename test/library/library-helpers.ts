import { Library } from '../../src/library/library.ts';
import { isPlumeError, type PlumeError } from '../../src/util/errors.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

/** A temporary project and its open library; `done()` closes and deletes both. */
export interface OpenLibrary {
  project: TempProject;
  library: Library;
  /** Open the project's library again (as a new command would). */
  reopen(): Library;
  done(): void;
}

export function openLibrary(prompts: Record<string, string> = {}): OpenLibrary {
  const project = createTempProject(prompts);
  const libraries: Library[] = [];
  const reopen = () => {
    const library = Library.open(project.project(), { cwd: project.root, env: { PLUME_AUTHOR: 'tester' } });
    libraries.push(library);
    return library;
  };
  return {
    project,
    library: reopen(),
    reopen,
    done: () => {
      for (const library of libraries) library.close();
      project.cleanup();
    },
  };
}

/** The PlumeError a call throws (sync or async); fails the test when it throws nothing. */
export async function failure(work: () => unknown): Promise<PlumeError> {
  try {
    await work();
  } catch (error) {
    if (isPlumeError(error)) return error;
    throw error;
  }
  throw new Error('expected a PlumeError');
}
