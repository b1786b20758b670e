import type { ManifestGrader, ManifestModel, RunManifest, RunRecord, RunSelection } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import { PlumeError } from '../../util/errors.ts';
import { plumeVersion } from '../../util/package-info.ts';
import { pairCount } from './plan-cells.ts';
import type { RunPrompt } from './run-prompts.ts';

/** What a new run is asked to cover, besides the suite. */
export interface ManifestInput {
  suite: Suite;
  prompts: readonly RunPrompt[];
  models: readonly ManifestModel[];
  grader: ManifestGrader;
  repeats: number;
  selection: RunSelection;
  testCount: number;
  cache: 'use' | 'off';
}

export function buildManifest(input: ManifestInput): RunManifest {
  const { suite } = input;
  return {
    suiteFile: suite.file,
    suiteHash: suite.suiteHash,
    dataHash: suite.dataHash,
    prompts: input.prompts.map((prompt) => prompt.manifest),
    models: [...input.models],
    repeats: input.repeats,
    seed: suite.seed,
    selection: input.selection,
    testCount: input.testCount,
    cellCount: pairCount(input.prompts.length, input.models) * input.testCount * input.repeats,
    cache: input.cache,
    plumeVersion: plumeVersion(),
    grader: input.grader,
  };
}

/** Refuse to continue a run when the suite or a prompt changed since it started: its cells would not match. */
export function checkResumable(run: RunRecord, suite: Suite, prompts: readonly RunPrompt[]): void {
  const hint = `start a new run with \`plume eval ${run.manifest.suiteFile}\``;
  if (run.manifest.suiteHash !== suite.suiteHash) {
    throw new PlumeError({ code: 'USAGE', message: `the suite changed since run ${run.id} started`, hint });
  }
  prompts.forEach((prompt, index) => {
    const recorded = run.manifest.prompts[index];
    if (recorded?.hash !== prompt.manifest.hash) {
      throw new PlumeError({
        code: 'USAGE',
        message: `prompt '${prompt.manifest.label}' changed since run ${run.id} started`,
        hint,
      });
    }
  });
}
