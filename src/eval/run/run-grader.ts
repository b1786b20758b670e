import { connectedRef, parseModelRef } from '../../models/model-ref.ts';
import type { ModelRegistry } from '../../models/registry.ts';
import type { ModelRef } from '../../spec/model.ts';
import type { GraderSource, ManifestGrader, ManifestModel } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import { isPlumeError, PlumeError, type SourceLocation } from '../../util/errors.ts';
import type { PlannedTest } from './plan-cells.ts';

/** What decides a run's grader besides its models. */
export interface GraderSettings {
  /** plume.yaml `grader`. */
  grader: string | undefined;
  /** plume.yaml `defaultModel`. */
  defaultModel: string | undefined;
  /** plume.yaml's path, for errors; undefined when the project has none. */
  configFile?: string | undefined;
  /** Where a key of plume.yaml is written (file, line, column), for errors. */
  locateConfig?: ((path: readonly PropertyKey[]) => SourceLocation) | undefined;
}

/**
 * The grader of a run's model-graded checks that name none: the suite's `defaultTest.options.provider`,
 * else plume.yaml's `grader`, else plume.yaml's `defaultModel`, else the run's first model. A check's
 * own `provider`, and a test's own `options.provider`, still come first for that check or test.
 */
export function resolveRunGrader(
  suite: Pick<Suite, 'defaultTest'>,
  settings: GraderSettings,
  models: readonly ManifestModel[],
  providerNames: readonly string[],
): ManifestGrader {
  const chosen = chooseGrader(suite, settings, models);
  return { ...chosen, underTest: models.some((model) => sameModel(model.ref, chosen.ref, providerNames)) };
}

function chooseGrader(
  suite: Pick<Suite, 'defaultTest'>,
  settings: GraderSettings,
  models: readonly ManifestModel[],
): { ref: string; source: GraderSource } {
  const fromSuite = suite.defaultTest.options.provider?.ref;
  if (fromSuite !== undefined) return { ref: fromSuite, source: 'suite' };
  if (settings.grader !== undefined) return { ref: settings.grader, source: 'config' };
  if (settings.defaultModel !== undefined) return { ref: settings.defaultModel, source: 'default-model' };
  return { ref: models[0]?.ref ?? 'echo:default', source: 'first-model' };
}

/** The run's grader of runs recorded before it was (their first model). */
export function graderOfManifest(manifest: {
  grader?: ManifestGrader;
  models: readonly ManifestModel[];
}): ManifestGrader {
  return (
    manifest.grader ?? {
      ref: manifest.models[0]?.ref ?? 'echo:default',
      source: 'first-model',
      underTest: true,
    }
  );
}

/**
 * A grader's reference with the endpoint and key its suite entry gives (`defaultTest.options.provider:
 * { id, config: { apiBaseUrl, apiKey } }`), when `ref` is that entry's.
 */
export function judgeRef(
  ref: string,
  suite: Pick<Suite, 'defaultTest'>,
  providerNames: readonly string[],
): string | ModelRef {
  const written = suite.defaultTest.options.provider;
  return written?.connection === undefined || written.ref !== ref
    ? ref
    : connectedRef(ref, written.connection, providerNames);
}

/**
 * Make the grader's model before the run starts, so a wrong reference is one clear error naming
 * where it was set, rather than every model-graded check undecided.
 */
export async function checkGrader(
  registry: Pick<ModelRegistry, 'get' | 'providerNames'>,
  grader: ManifestGrader,
  suite: Pick<Suite, 'file' | 'defaultTest'>,
  settings: GraderSettings | undefined,
): Promise<void> {
  // A model under test is resolved as such, and a failure is reported as that model's.
  if (grader.underTest) return;
  try {
    await registry.get(judgeRef(grader.ref, suite, registry.providerNames()));
  } catch (error) {
    if (!isPlumeError(error) || error.category !== 'user') throw error;
    const where = {
      suite: {
        key: 'defaultTest.options.provider',
        location: { file: suite.file, line: suite.defaultTest.line },
      },
      config: { key: 'grader', location: configLocation(settings, 'grader') },
      'default-model': { key: 'defaultModel', location: configLocation(settings, 'defaultModel') },
      'first-model': undefined,
    }[grader.source];
    if (where === undefined) throw error;
    throw new PlumeError({
      code: 'CONFIG_INVALID',
      message: `${where.location === undefined ? 'plume.yaml: ' : ''}${where.key} '${grader.ref}' cannot grade: ${error.message}`,
      hint:
        error.hint ?? 'name the grader as provider:model, with a provider of plume.yaml or a built-in one',
      location: where.location,
      cause: error,
    });
  }
}

/** Where a grader was set, in words: the key a person would change. */
export const GRADER_SOURCES: Record<GraderSource, string> = {
  suite: "the suite's defaultTest.options.provider",
  config: 'plume.yaml grader',
  'default-model': 'plume.yaml defaultModel, as no grader is set',
  'first-model': "the run's first model, as no grader is set",
};

/** `openai:gpt-4.1 (plume.yaml grader)`, with a word when it is one of the models under test. */
export function describeGrader(grader: ManifestGrader): string {
  const own = grader.underTest ? '; a model under test' : '';
  return `${grader.ref} (${GRADER_SOURCES[grader.source]}${own})`;
}

/** The warning for a grader that is one of the models it grades. */
export function selfGradingWarning(ref: string): string {
  return `model-graded checks are graded by ${ref}, a model under test: it grades its own answers. Name another grader: 'grader: provider:model' in plume.yaml, or defaultTest.options.provider in the suite`;
}

/** Two references name the same model: same provider and model name (parameters aside). */
export function sameModel(a: string, b: string, providerNames: readonly string[]): boolean {
  if (a === b) return true;
  const key = (ref: string): string => {
    try {
      const parsed = parseModelRef(ref, providerNames);
      return `${parsed.provider}:${parsed.model}`;
    } catch {
      return ref;
    }
  };
  return key(a) === key(b);
}

/**
 * Finds the first test whose model-graded checks are graded by a model under test: by a check's own
 * `provider`, else the test's `options.provider` (which holds the suite's defaultTest's), else the
 * run's grader. Says so once.
 */
export class SelfGradingCheck {
  readonly #grader: string;
  readonly #models: readonly ManifestModel[];
  readonly #providerNames: readonly string[];
  readonly #known = new Map<string, boolean>();
  #said = false;

  constructor(grader: ManifestGrader, models: readonly ManifestModel[], providerNames: readonly string[]) {
    this.#grader = grader.ref;
    this.#models = models;
    this.#providerNames = providerNames;
  }

  /** The grader under test of this test's checks, the first time one is found; else undefined. */
  check(test: PlannedTest): string | undefined {
    if (this.#said || !test.assertions.needsModels.has('judge')) return undefined;
    const fallback = test.test.options.provider?.ref ?? this.#grader;
    for (const provider of test.assertions.judgeProviders) {
      const ref = provider ?? fallback;
      if (this.#underTest(ref)) {
        this.#said = true;
        return ref;
      }
    }
    return undefined;
  }

  #underTest(ref: string): boolean {
    let known = this.#known.get(ref);
    if (known === undefined) {
      known = this.#models.some((model) => sameModel(model.ref, ref, this.#providerNames));
      this.#known.set(ref, known);
    }
    return known;
  }
}

/** Where plume.yaml sets `key`: its line when the file can be located, else the file alone. */
function configLocation(settings: GraderSettings | undefined, key: string): SourceLocation | undefined {
  if (settings?.configFile === undefined) return undefined;
  return settings.locateConfig?.([key]) ?? { file: settings.configFile };
}
