import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.ts';
import { saveWinner } from '../../src/optimize/save-winner.ts';
import type { TempProject } from '../helpers/temp-project.ts';
import { runOptimization, testSettings } from './run-optimization.ts';
import { simProject } from './sim-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

/** An optimization searched to its end, its lease ended, its outcome not yet recorded. */
async function searched() {
  project = simProject({ settings: { base: 0.5 }, tests: 60 });
  const settings = testSettings(project, { budget: { calls: 600 } });
  const { report, store, close } = await runOptimization(project, settings);
  const library = Library.open(project.project(), { cwd: project.root, env: {} });
  const versionsBefore = library.history('classify').versions.length;
  return {
    report,
    store,
    library,
    versionsBefore,
    close: () => {
      library.close();
      close();
    },
  };
}

describe('saving the winner of an optimization', () => {
  it('records the outcome while this process owns the optimization', async () => {
    const { report, store, library, versionsBefore, close } = await searched();
    try {
      const outcome = await saveWinner({
        library,
        store,
        report,
        save: true,
        saveAnyway: true,
        writeFile: false,
      });
      expect(outcome.saved).toBe(true);
      expect(store.get(report.id).status).toBe('finished');
      expect(library.history('classify').versions.length).toBe(versionsBefore + 1);
    } finally {
      close();
    }
  }, 60_000);

  it('taken over between the search and the save, records neither a version nor a report', async () => {
    const { report, store, library, versionsBefore, close } = await searched();
    try {
      // Another process claimed it after this one's lease ran out.
      const other = new Database(project!.project().storePath);
      other
        .prepare('UPDATE optimizations SET owner_pid = ?, heartbeat_at = ? WHERE id = ?')
        .run(process.pid + 1, new Date().toISOString(), report.id);
      other.close();
      await expect(
        saveWinner({ library, store, report, save: true, saveAnyway: true, writeFile: false }),
      ).rejects.toMatchObject({ code: 'OPTIMIZATION_TAKEN_OVER' });
      expect(store.get(report.id).status).toBe('running');
      expect(library.history('classify').versions.length).toBe(versionsBefore);
    } finally {
      close();
    }
  }, 60_000);
});
