import type { ProviderType } from '../spec/project-config.ts';

/**
 * How a provider is reached: one of the AI SDK provider types of plume.yaml, the in-process
 * runtime, echo, or the sim test instrument.
 */
export type ProviderKind = ProviderType | 'local' | 'echo' | 'sim';

/** What plume knows of a kind of provider; code reads these properties instead of checking names. */
export interface ProviderKindInfo {
  /** A provider of this name exists without any configuration. */
  builtin: boolean;
  /** Variable holding the key when plume.yaml names none; undefined when no key is needed by default. */
  apiKeyEnv: string | undefined;
  /** Endpoint used when plume.yaml sets no baseURL (undefined: the SDK's own default). */
  baseURL: string | undefined;
  /** A small, cheap model, used for a bare `provider` reference and for picking a default model. */
  defaultModel: string | undefined;
  /** Position when picking the default model among hosted providers with a key set (lower first). */
  defaultOrder: number | undefined;
  /** Most calls in flight at once, unless plume.yaml sets `concurrency`. Undefined: no limit. */
  concurrency: number | undefined;
  /** Per-call timeout unless the call or plume.yaml sets one. Undefined: none. */
  timeoutMs: number | undefined;
  /** Calls are not billed (they run on the user's machine). */
  free: boolean;
  /** Answers are worth keeping in the response cache. */
  cacheable: boolean;
  /** Token counts are estimated rather than reported by the model. */
  usageAccuracy: 'reported' | 'approximate';
  /** One line for `plume models`. */
  description: string;
}

const HOSTED = {
  builtin: true,
  baseURL: undefined,
  concurrency: 8,
  // Per attempt: a long answer from a slow or reasoning model, not streamed, can take over a minute,
  // and cannot be told from a hang before then. A hang costs a run about three of these (the breaker).
  timeoutMs: 120_000,
  free: false,
  cacheable: true,
  usageAccuracy: 'reported',
} as const;

/** Every kind of provider. Default models are small and cheap on purpose: they answer when nothing is chosen. */
export const PROVIDER_KINDS: Record<ProviderKind, ProviderKindInfo> = {
  openai: {
    ...HOSTED,
    apiKeyEnv: 'OPENAI_API_KEY',
    defaultModel: 'gpt-4.1-mini',
    defaultOrder: 1,
    description: 'OpenAI (chat completions API)',
  },
  anthropic: {
    ...HOSTED,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    defaultModel: 'claude-haiku-4-5',
    defaultOrder: 2,
    description: 'Anthropic',
  },
  google: {
    ...HOSTED,
    apiKeyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
    defaultModel: 'gemini-2.5-flash',
    defaultOrder: 3,
    description: 'Google Gemini',
  },
  mistral: {
    ...HOSTED,
    apiKeyEnv: 'MISTRAL_API_KEY',
    defaultModel: 'mistral-small-latest',
    defaultOrder: 4,
    description: 'Mistral',
  },
  'openai-compatible': {
    ...HOSTED,
    builtin: false,
    apiKeyEnv: undefined,
    defaultModel: undefined,
    defaultOrder: undefined,
    concurrency: 4,
    description: 'an OpenAI-compatible endpoint',
  },
  ollama: {
    ...HOSTED,
    apiKeyEnv: undefined,
    baseURL: 'http://127.0.0.1:11434/api',
    defaultModel: undefined,
    defaultOrder: undefined,
    concurrency: 2,
    timeoutMs: 300_000,
    free: true,
    description: 'Ollama server',
  },
  local: {
    builtin: true,
    apiKeyEnv: undefined,
    baseURL: undefined,
    defaultModel: 'default',
    defaultOrder: undefined,
    // `local.sequences` of plume.yaml when set; else the local runtime's default number of sequences.
    concurrency: 4,
    timeoutMs: 600_000,
    free: true,
    cacheable: true,
    usageAccuracy: 'reported',
    description: 'GGUF model run in this process',
  },
  echo: {
    builtin: true,
    apiKeyEnv: undefined,
    baseURL: undefined,
    defaultModel: 'default',
    defaultOrder: undefined,
    concurrency: undefined,
    timeoutMs: undefined,
    free: true,
    cacheable: false,
    usageAccuracy: 'approximate',
    description: 'returns the rendered prompt, for testing suites (not a model)',
  },
  sim: {
    builtin: true,
    apiKeyEnv: undefined,
    baseURL: undefined,
    defaultModel: 'classify',
    defaultOrder: undefined,
    concurrency: undefined,
    timeoutMs: undefined,
    free: true,
    cacheable: false,
    usageAccuracy: 'approximate',
    description: 'seeded simulator with a known accuracy: a test instrument, not a model (docs/simulator.md)',
  },
};

export function isProviderKind(name: string): name is ProviderKind {
  return Object.hasOwn(PROVIDER_KINDS, name);
}

/** Names that exist without configuration, in the order `plume models` lists them. */
export const BUILTIN_PROVIDER_NAMES: readonly ProviderKind[] = (
  Object.keys(PROVIDER_KINDS) as ProviderKind[]
).filter((kind) => PROVIDER_KINDS[kind].builtin);
