import { join } from 'node:path';
import { loadSuite } from '../../src/eval/suite/load-suite.ts';
import { Library } from '../../src/library/library.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import { APPROXIMATE_TOKEN_COUNTER } from '../../src/models/token-counter.ts';
import {
  type OptimizationReport,
  type OptimizationSettings,
  type OptimizeOptions,
  optimizePrompt,
} from '../../src/optimize/optimize-prompt.ts';
import { DEFAULT_SPLIT } from '../../src/optimize/split-tests.ts';
import { openDatabase } from '../../src/store/database.ts';
import { OptimizationStore } from '../../src/store/optimization-store.ts';
import type { TempProject } from '../helpers/temp-project.ts';

/** Settings for an optimization of `classify` on the suite's sim model, with overrides. */
export function testSettings(
  project: TempProject,
  overrides: Partial<OptimizationSettings> = {},
): OptimizationSettings {
  return {
    promptRef: 'classify',
    suiteFile: join(project.root, 'plume.suite.json'),
    model: 'sim:classify',
    proposer: undefined,
    strategies: ['edits'],
    budget: { calls: 1000 },
    split: DEFAULT_SPLIT,
    seed: 1,
    search: { candidates: 8, iterations: 3, minBatch: 8, exhaustive: false },
    concurrency: 4,
    ...overrides,
  };
}

/** Run an optimization through the API (no CLI), with the project's store; closes everything after. */
export async function runOptimization(
  project: TempProject,
  settings: OptimizationSettings,
  extra: Pick<OptimizeOptions, 'resume' | 'signal' | 'onEvent'> = {},
): Promise<{ report: OptimizationReport; store: OptimizationStore; close: () => void }> {
  const projectConfig = project.project();
  const db = openDatabase(projectConfig.storePath);
  const library = Library.open(projectConfig, { cwd: project.root, env: {} });
  const registry = createModelRegistry(projectConfig, {}, { db, download: false });
  const suite = await loadSuite(settings.suiteFile);
  const store = new OptimizationStore(db);
  const close = () => {
    library.close();
    if (db.open) db.close();
  };
  try {
    const report = await optimizePrompt({
      settings,
      resources: {
        library,
        store,
        suite,
        model: await registry.get(settings.model),
        params: suite.models[0]?.params ?? {},
        price: undefined,
        proposer: settings.proposer === undefined ? undefined : await registry.get(settings.proposer),
        proposerPrice: undefined,
        tokenCounter: APPROXIMATE_TOKEN_COUNTER,
      },
      ...extra,
    });
    await registry.close();
    return { report, store, close };
  } catch (error) {
    // The registry first: it writes its call log to the store it is given.
    await registry.close();
    close();
    throw error;
  }
}
