import { randomBytes } from 'node:crypto';
import type { ManifestGrader, ManifestModel, RunManifest, RunSelection } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import type { RunStore } from '../../store/run-store.ts';
import { plumeVersion } from '../../util/package-info.ts';
import { type GraderSettings, resolveRunGrader } from './run-grader.ts';
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
  /** plume.yaml's settings that choose the grader (see resolveRunGrader); without them, the suite's or the first model. */
  graderSettings?: GraderSettings;
  /** Provider names a reference may use, to tell whether the grader is a model under test. */
  providerNames?: readonly string[];
  /** Throws when a new run's grader cannot be made: before the run is recorded. */
  checkGrader?: (grader: ManifestGrader) => Promise<void>;
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
  const models = suiteModels(suite, options.defaultModelRef);
  const manifest = buildManifest({
    suite,
    prompts: options.prompts,
    models,
    grader: resolveRunGrader(
      suite,
      options.graderSettings ?? NO_GRADER_SETTINGS,
      models,
      options.providerNames ?? [],
    ),
    repeats: options.repeats ?? suite.repeats,
    selection,
    testCount: await countSelectedTests(suite, selection, {
      failingTestIds: (id) => store.failingTestIds(id),
    }),
    cache: options.cache ?? 'use',
  });
  if (manifest.grader !== undefined) await options.checkGrader?.(manifest.grader);
  const runId = newRunId();
  store.createRun(runId, manifest);
  return { runId, manifest, resumed: false };
}

const NO_GRADER_SETTINGS: GraderSettings = { grader: undefined, defaultModel: undefined };

function suiteModels(suite: Suite, defaultModelRef: string | undefined): ManifestModel[] {
  if (suite.models.length > 0) {
    return suite.models.map((model) => ({
      label: model.label,
      ref: model.ref,
      params: model.params,
      ...(model.promptIndices === undefined ? {} : { promptIndices: model.promptIndices }),
    }));
  }
  const ref = defaultModelRef ?? 'echo:default';
  return [{ label: ref, ref, params: {} }];
}

/** A run id that sorts by time: `20261123-210812-a3f9`. */
function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
