import type { GenerateRequest, ProviderResult } from '../spec/model.ts';

/** What a model can do; middleware and callers read these instead of checking provider names. */
export interface ModelCapabilities {
  streaming: boolean;
  /** Honours `seed` for reproducible sampling. */
  seed: boolean;
  /** Runs in this process (no network, no rate limits). */
  local: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Provider-level stream pieces: text deltas, then the finished result. */
export type ProviderStreamEvent = { type: 'text'; text: string } | { type: 'finish'; result: ProviderResult };

/**
 * The model contract every provider implements. Providers only translate;
 * caching, retries, concurrency, timeouts and accounting live in middleware.
 */
export interface LanguageModel {
  /** `provider:model`. */
  readonly id: string;
  readonly provider: string;
  readonly modelName: string;
  readonly capabilities: ModelCapabilities;
  generate(request: GenerateRequest, options?: CallOptions): Promise<ProviderResult>;
  stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<ProviderStreamEvent>;
  /** Release resources (local contexts, sockets). */
  close?(): Promise<void>;
}
