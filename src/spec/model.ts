import { z } from 'zod';

/** One chat message; roles as the chat APIs name them. */
export const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

/** Sampling and call parameters shared by every provider. */
export const modelParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    topP: z.number().gt(0).max(1).optional(),
    topK: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    stop: z.array(z.string()).optional(),
    presencePenalty: z.number().optional(),
    frequencyPenalty: z.number().optional(),
    /** Ask for the answer's token log-probabilities (set for perplexity checks; OpenAI-compatible chat models). */
    logprobs: z.boolean().optional(),
    /** Per-call timeout in milliseconds. Not part of the cache key. */
    timeoutMs: z.number().int().positive().optional(),
    /** Settings of the `sim` test instrument (see docs/simulator.md); every other provider ignores them. */
    sim: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ModelParams = z.infer<typeof modelParamsSchema>;

/**
 * Where one model entry of a suite is reached when it says so itself (promptfoo's `apiBaseUrl`,
 * `apiKey`, `apiKeyEnvar`, `headers`): these replace its provider's settings for that entry only.
 * Holds a key: never print, hash or store it.
 */
export interface ModelConnection {
  baseURL?: string;
  /** The variable the base URL is read from (`apiBaseUrl: '{{ env.NAME }}'`). */
  baseURLEnv?: string;
  apiKey?: string;
  /** The variable the key is read from. */
  apiKeyEnv?: string;
  headers?: Record<string, string>;
}

/**
 * A grading, embedding or moderation model a suite names with its own endpoint and key
 * (promptfoo's `provider: { id, config: { apiBaseUrl, apiKey } }` on a check or a test).
 */
export interface ConnectedRef {
  ref: string;
  connection: ModelConnection;
}

/** The model a check asks: `provider:model`, or one reached through its own endpoint. */
export type ServiceModelRef = string | ConnectedRef;

/** A service model's `provider:model` reference, whichever way it was given. */
export function serviceRefName(ref: ServiceModelRef): string {
  return typeof ref === 'string' ? ref : ref.ref;
}

/** `provider:model` plus parameters. */
export interface ModelRef {
  provider: string;
  model: string;
  params: ModelParams;
  /** The entry's own endpoint and key, when its suite gives them. */
  connection?: ModelConnection;
}

/** What a provider is asked to do. */
export interface GenerateRequest {
  messages: Message[];
  params: ModelParams;
  /** JSON Schema the answer must follow, when the prompt declares an output schema. */
  outputSchema?: Record<string, unknown>;
  /**
   * The test's variables. Only the `sim` test instrument reads them (for the gold answer); real
   * providers never see them and they are not part of the cache key.
   */
  vars?: Readonly<Record<string, unknown>>;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** What a provider returns, before middleware adds accounting. */
export interface ProviderResult {
  text: string;
  usage: Usage;
  finishReason: string;
  /** Log-probability of each answer token, when `logprobs` was asked and the provider returned them. */
  logProbs?: number[];
}

/** A finished call, with its accounting. */
export interface GenerateResult extends ProviderResult {
  /** `provider:model` that answered. */
  modelId: string;
  /**
   * The call's own time in milliseconds: its answering attempt, from the moment the provider's
   * concurrency limit admitted it to the answer. Neither the wait for the limit nor the failed
   * attempts and backoffs before it count. For an answer from the cache: the lookup.
   */
  latencyMs: number;
  /**
   * Milliseconds the call waited for its provider's concurrency limit, over all its attempts;
   * undefined when the provider has no limit, the answer came from the cache, or it is not known.
   */
  queueMs?: number | undefined;
  /** Cost in US dollars, undefined when no price is known. */
  costUsd: number | undefined;
  cached: boolean;
}

/** Pieces of a streamed answer: text deltas, then one finish carrying the whole result. */
export type StreamEvent = { type: 'text'; text: string } | { type: 'finish'; result: GenerateResult };

/** Price of a model in US dollars per million tokens. */
export const priceSchema = z
  .object({ input: z.number().nonnegative(), output: z.number().nonnegative() })
  .strict();
export type Price = z.infer<typeof priceSchema>;
