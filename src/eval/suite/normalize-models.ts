import { mapProviderId, mapServiceModelId } from '../../models/promptfoo-provider-id.ts';
import type { ServiceModelRef } from '../../spec/model.ts';
import type { SuiteModel, SuitePrompt } from '../../spec/suite.ts';
import { formatLocation, type SourceLocation } from '../../util/errors.ts';
import { readProviderConfig } from './provider-config.ts';
import type { ModelEntry, WrittenModel } from './provider-files.ts';
import { suiteError } from './suite-error.ts';

/** Where a model entry was written, and where its warnings go. */
export interface ModelPlace {
  /** Locates a path inside the entry (`[]`: the entry itself). */
  at: (path: readonly PropertyKey[]) => SourceLocation;
  warn?: (message: string) => void;
}

/** An entry in its one form, `{ id, label, config, prompts }`, and the path inside it of its options. */
function entryOptions(
  entry: ModelEntry,
  at: ModelPlace['at'],
): { written: Extract<ModelEntry, { id: string }>; inner: PropertyKey[] } {
  if (typeof entry === 'string') return { written: { id: entry }, inner: [] };
  if (typeof entry.id === 'string')
    return { written: entry as Extract<ModelEntry, { id: string }>, inner: [] };
  // promptfoo's map form: `{ 'openai:gpt-4o-mini': { config: ... } }`, one id a map.
  const ids = Object.keys(entry);
  const id = ids[0];
  if (ids.length !== 1 || id === undefined) {
    throw suiteError(
      `a provider in the map form names ${ids.length} ids`,
      at([]),
      "write one id per entry: - 'openai:gpt-4o-mini': { config: ... }",
    );
  }
  const options = (entry as Record<string, Record<string, unknown>>)[id] ?? {};
  return { written: { ...options, id } as Extract<ModelEntry, { id: string }>, inner: [id] };
}

/**
 * One model entry as a SuiteModel: its id mapped from promptfoo's forms (promptfoo-provider-id.ts),
 * its config read (provider-config.ts); an unsupported provider is an error at the entry.
 */
export function normalizeModel(entry: ModelEntry, place: ModelPlace): SuiteModel {
  const { written, inner } = entryOptions(entry, place.at);
  const id = written.id;
  const mapped = mapProviderId(id);
  if (mapped.kind === 'unsupported') throw suiteError(mapped.message, place.at(inner), mapped.hint);
  const { provider, model } = mapped;
  const settings = readProviderConfig(written.config, provider, (path) =>
    place.at([...inner, 'config', ...path]),
  );
  const ignored = [
    ...settings.ignored.map((key) => `config.${key}`),
    ...(['delay', 'transform', 'env'] as const).filter((key) => written[key] !== undefined),
  ];
  if (ignored.length > 0 && place.warn !== undefined) {
    place.warn(
      `${formatLocation(place.at(inner))}: ${id}: plume ignores ${ignored.join(', ')} (see docs/promptfoo-compatibility.md#providers)`,
    );
  }
  const ref = model === '' ? provider : `${provider}:${model}`;
  return {
    ref,
    provider,
    model,
    params: settings.params,
    label: written.label ?? id,
    ...(settings.connection === undefined ? {} : { connection: settings.connection }),
    ...declaredTools(written.config),
  };
}

/** The provider id an entry names, in any of its forms. */
export function entryId(entry: ModelEntry, at: ModelPlace['at']): string {
  return entryOptions(entry, at).written.id;
}

/**
 * A grading or embedding model a check or a test names (a reference, `{ id, config }`, or the map
 * form) as what the run asks: its reference, with the entry's own endpoint and key when its config
 * gives them. Its sampling settings are not used: judge calls are deterministic.
 */
export function normalizeServiceModel(entry: ModelEntry, at: ModelPlace['at']): ServiceModelRef {
  const { written, inner } = entryOptions(entry, at);
  const mapped = mapServiceModelId(written.id);
  if (mapped.kind === 'unsupported') throw suiteError(mapped.message, at(inner), mapped.hint);
  const { connection } = readProviderConfig(written.config, mapped.provider, (path) =>
    at([...inner, 'config', ...path]),
  );
  return connection === undefined ? mapped.ref : { ref: mapped.ref, connection };
}

/** The tools (or older functions) a config declares, for the checks that validate tool calls. */
function declaredTools(config: Record<string, unknown> | undefined): Pick<SuiteModel, 'tools'> {
  const declared = config?.tools ?? config?.functions;
  return Array.isArray(declared) ? { tools: declared } : {};
}

/**
 * The models of a suite (its `models:` or promptfoo's `providers:`, provider files read: see
 * writtenModels), each model's `prompts` filter resolved against the suite's prompts.
 */
export function normalizeModels(
  written: readonly WrittenModel[],
  prompts: readonly SuitePrompt[],
  warn: (message: string) => void = () => {},
): SuiteModel[] {
  return written.map(({ entry: item, at: within }) => {
    const model = normalizeModel(item, { at: within, warn });
    const filter = typeof item === 'string' ? undefined : entryOptions(item, within);
    const allowed = filter?.written.prompts;
    if (allowed === undefined) return model;
    const promptIndices = allowedPrompts(prompts, allowed);
    if (promptIndices.length === 0) {
      throw suiteError(
        `${model.label}: its prompts (${allowed.join(', ')}) name none of the suite's prompts`,
        within([...filter!.inner, 'prompts']),
        `name prompts by label: ${prompts.map((prompt) => prompt.label).join(', ')}`,
      );
    }
    return { ...model, promptIndices };
  });
}

/**
 * The indices of the prompts a provider's `prompts` list allows, as promptfoo reads it: a prompt's
 * label exactly, or `group` (and `group:*`) for every label starting `group:`.
 */
export function allowedPrompts(prompts: readonly SuitePrompt[], allowed: readonly string[]): number[] {
  // A file prompt's label is its path from the suite's folder: `file://./a.txt` names `a.txt`.
  const names = allowed.map((name) => name.replace(/^file:\/\//, '').replace(/^\.\//, ''));
  const groups = names.map((name) => name.replace(/:\*$/, ''));
  const named = (label: string) =>
    names.includes(label) || groups.some((group) => label.startsWith(`${group}:`));
  // promptfoo labels an inline prompt with its text; plume with a hash of it.
  return prompts.flatMap((prompt, index) =>
    named(prompt.label) || (prompt.kind === 'inline' && names.includes(prompt.text)) ? [index] : [],
  );
}
