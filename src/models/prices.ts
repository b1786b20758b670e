import type { Price } from '../spec/model.ts';
import type { ResolvedProvider } from './resolve-provider.ts';

/**
 * List prices in US dollars per million input/output tokens, keyed `provider:model`, taken from the
 * providers' public price pages in August 2025 (standard tier, no batch or cached-input discount,
 * Gemini 2.5 Pro at its ≤200k-token rate). Prices change: plume.yaml `prices` overrides any of them.
 */
export const BUILTIN_PRICES: Readonly<Record<string, Price>> = {
  'openai:gpt-5': { input: 1.25, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4 },
  'openai:gpt-4.1': { input: 2, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:o3': { input: 2, output: 8 },
  'openai:o3-mini': { input: 1.1, output: 4.4 },
  'openai:o4-mini': { input: 1.1, output: 4.4 },
  'openai:o1': { input: 15, output: 60 },
  'openai:gpt-4-turbo': { input: 10, output: 30 },
  'openai:gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  // Embedding models: input tokens only. Moderation is free.
  'openai:text-embedding-3-small': { input: 0.02, output: 0 },
  'openai:text-embedding-3-large': { input: 0.13, output: 0 },
  'openai:text-embedding-ada-002': { input: 0.1, output: 0 },
  'openai:omni-moderation-latest': { input: 0, output: 0 },
  'openai:text-moderation-latest': { input: 0, output: 0 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75 },
  'anthropic:claude-opus-4-0': { input: 15, output: 75 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic:claude-sonnet-4-0': { input: 3, output: 15 },
  'anthropic:claude-3-7-sonnet': { input: 3, output: 15 },
  'anthropic:claude-3-5-sonnet': { input: 3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4 },
  'anthropic:claude-3-haiku': { input: 0.25, output: 1.25 },
  'google:gemini-2.5-pro': { input: 1.25, output: 10 },
  'google:gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'google:gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'google:gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'google:gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'google:gemini-1.5-pro': { input: 1.25, output: 5 },
  'google:gemini-1.5-flash': { input: 0.075, output: 0.3 },
  'mistral:mistral-large-latest': { input: 2, output: 6 },
  'mistral:mistral-medium-latest': { input: 0.4, output: 2 },
  'mistral:mistral-small-latest': { input: 0.1, output: 0.3 },
  'mistral:codestral-latest': { input: 0.3, output: 0.9 },
  'mistral:open-mistral-nemo': { input: 0.15, output: 0.15 },
  'mistral:ministral-8b-latest': { input: 0.1, output: 0.1 },
  'mistral:ministral-3b-latest': { input: 0.04, output: 0.04 },
  'mistral:pixtral-large-latest': { input: 2, output: 6 },
};

const FREE: Price = Object.freeze({ input: 0, output: 0 });

// Dated snapshots and aliases cost what their family costs: gpt-4o-2024-08-06, claude-3-5-haiku-20241022,
// claude-3-5-haiku-latest, gemini-2.0-flash-001.
const VERSION_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|latest|\d{3})$/;

/**
 * The price of `provider:model`: plume.yaml `prices` first, then nothing for providers that run on
 * the user's machine, then the built-in table for the built-in provider names. Undefined when unknown.
 */
export function priceFor(
  provider: ResolvedProvider,
  modelName: string,
  overrides: Readonly<Record<string, Price>>,
): Price | undefined {
  const id = `${provider.name}:${modelName}`;
  if (Object.hasOwn(overrides, id)) return overrides[id];
  if (provider.info.free) return FREE;
  if (!provider.info.builtin || provider.name !== provider.kind) return undefined;
  return BUILTIN_PRICES[id] ?? BUILTIN_PRICES[id.replace(VERSION_SUFFIX, '')];
}

/** Cost in US dollars of a call's tokens at `price`. */
export function costOf(
  price: Price | undefined,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  if (price === undefined) return undefined;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
