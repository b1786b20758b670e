import { randomBytes } from 'node:crypto';
import type { ManifestModel, RunManifest, RunSelection } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import type { RunStore } from '../../store/run-store.ts';
import { plumeVersion } from '../../util/package-info.ts';
import { buildManifest, checkResumable } from './run-manifest.ts';
import type { RunPrompt } from './run-prompts.ts';
import { countSelectedTests } from './test-selection.ts';

/** How to start or continue a run. */
export interface OpenRunOptions {
  suite: Suite;
  store: RunStore;
  prompts: readonly RunPrompt[];
  selection?: RunSelection;
  repeats?: number;
  cache?: 'use' | 'off';
  defaultModelRef?: string;
  /** An earlier run to continue: its manifest (selection, repeats, models) is reused. */
  previousId?: string;
  /** An earlier run to run again, as a new run with the same manifest. */
  replayId?: string;
}

/** A run ready to execute. */
export interface OpenedRun {
  runId: string;
  manifest: RunManifest;
  resumed: boolean;
}

/**
 * Record a new run with its manifest, or take up an earlier one after checking that the suite and
 * its prompts are unchanged, so its stored cells still stand for the same calls.
 */
export async function openRun(options: OpenRunOptions): Promise<OpenedRun> {
  const { suite, store } = options;
  if (options.previousId !== undefined) {
    const previous = store.getRun(options.previousId);
    checkResumable(previous, suite, options.prompts);
    store.reopen(previous.id);
    return { runId: previous.id, manifest: previous.manifest, resumed: true };
  }
  if (options.replayId !== undefined) {
    const replayed = store.getRun(options.replayId);
    checkResumable(replayed, suite, options.prompts);
    const manifest = { ...replayed.manifest, plumeVersion: plumeVersion() };
    const runId = newRunId();
    store.createRun(runId, manifest);
    return { runId, manifest, resumed: false };
  }
  const selection = options.selection ?? {};
  const manifest = buildManifest({
    suite,
    prompts: options.prompts,
    models: suiteModels(suite, options.defaultModelRef),
    repeats: options.repeats ?? suite.repeats,
    selection,
    testCount: await countSelectedTests(suite, selection, {
      failingTestIds: (id) => store.failingTestIds(id),
    }),
    cache: options.cache ?? 'use',
  });
  const runId = newRunId();
  store.createRun(runId, manifest);
  return { runId, manifest, resumed: false };
}

function suiteModels(suite: Suite, defaultModelRef: string | undefined): ManifestModel[] {
  if (suite.models.length > 0) {
    return suite.models.map((model) => ({ label: model.label, ref: model.ref, params: model.params }));
  }
  const ref = defaultModelRef ?? 'echo:default';
  return [{ label: ref, ref, params: {} }];
}

/** A run id that sorts by time: `20261123-210812-a3f9`. */
function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
