import type { ModelConnection, ModelParams, ModelRef, ServiceModelRef } from '../spec/model.ts';
import { PlumeError } from '../util/errors.ts';

const EMPTY_PARAMS: ModelParams = Object.freeze({});

/**
 * Read `provider:model` (split at the first colon, so `ollama:llama3.2:3b` keeps its tag).
 * A bare name is accepted when it is a known provider (its default model is used: model '').
 */
export function parseModelRef(ref: string | ModelRef, knownProviders: readonly string[]): ModelRef {
  if (typeof ref !== 'string') return ref;
  const text = ref.trim();
  const colon = text.indexOf(':');
  if (colon === -1) {
    if (knownProviders.includes(text)) return { provider: text, model: '', params: EMPTY_PARAMS };
    throw new PlumeError({
      code: 'MODEL_REF_INVALID',
      message: `'${text}' is not a model reference: write provider:model`,
      hint: `for example openai:gpt-4.1-mini; known providers: ${knownProviders.join(', ')}`,
    });
  }
  const provider = text.slice(0, colon);
  const model = text.slice(colon + 1);
  if (provider === '' || model === '') {
    throw new PlumeError({
      code: 'MODEL_REF_INVALID',
      message: `'${text}' is not a model reference: both the provider and the model must be named`,
      hint: `write provider:model; known providers: ${knownProviders.join(', ')}`,
    });
  }
  return { provider, model, params: EMPTY_PARAMS };
}

/** `provider:model`, the id of a reference. */
export function formatModelId(provider: string, model: string): string {
  return `${provider}:${model}`;
}

/** A reference reaching its model through `connection` (a suite entry's own endpoint and key), when it has one. */
export function connectedRef(
  ref: string,
  connection: ModelConnection | undefined,
  knownProviders: readonly string[],
): string | ModelRef {
  return connection === undefined ? ref : { ...parseModelRef(ref, knownProviders), connection };
}

/** What the registry is asked for a service model: the reference, or it through its own endpoint. */
export function askedModelRef(ref: ServiceModelRef, knownProviders: readonly string[]): string | ModelRef {
  return typeof ref === 'string' ? ref : connectedRef(ref.ref, ref.connection, knownProviders);
}
