import type { ModelParams } from '../../spec/model.ts';
import type { SuiteFile, SuiteModel } from '../../spec/suite.ts';

type ModelEntry = NonNullable<SuiteFile['models']>;

/** One model entry (`provider:model` or `{ id, config, label }`) as a SuiteModel. */
export function normalizeModel(entry: Exclude<ModelEntry, unknown[]>): SuiteModel {
  const { id, config, label } =
    typeof entry === 'string' ? { id: entry, config: undefined, label: undefined } : entry;
  const colon = id.indexOf(':');
  const params: ModelParams = { ...config };
  return { ref: id, provider: id.slice(0, colon), model: id.slice(colon + 1), params, label: label ?? id };
}

/** The `models:` (or promptfoo's `providers:`) entry of a suite as a list. */
export function normalizeModels(entry: ModelEntry | undefined): SuiteModel[] {
  if (entry === undefined) return [];
  return (Array.isArray(entry) ? entry : [entry]).map(normalizeModel);
}
