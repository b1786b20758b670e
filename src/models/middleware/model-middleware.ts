import type { GenerateRequest, ProviderResult } from '../../spec/model.ts';
import type { LanguageModel, ProviderStreamEvent } from '../language-model.ts';
import type { CacheMode } from '../model.ts';

/** Per-call state: set by the caller, filled in by middleware, read by accounting and the call log. */
export interface CallState {
  signal: AbortSignal | undefined;
  cacheMode: CacheMode;
  /** Sample index, part of the cache key when above 0. */
  sample: number;
  /** Set by the cache middleware when the call goes through the cache. */
  cacheKey: string | undefined;
  /** Set by the cache middleware when the answer came from the cache. */
  cached: boolean;
  /** Attempts of this call before the current one; set by the retry middleware. */
  retries?: number;
  /** The caller's ModelCallOptions.onWait, told by the retry middleware. */
  onWait?: (waiting: boolean) => void;
  /**
   * Milliseconds this call waited for its provider's concurrency limit to admit it, over all its
   * attempts; set by the concurrency middleware (undefined: the provider has no limit).
   */
  queueMs?: number;
  /**
   * When the current attempt started (performance.now()): set by the retry middleware before each
   * attempt, then by the concurrency middleware once the limit admits it. The answer's latency runs
   * from here, so it is the call's own: neither the wait for a slot nor an earlier attempt's backoff.
   */
  attemptStartedMs?: number;
}

export type GenerateHandler = (request: GenerateRequest, call: CallState) => Promise<ProviderResult>;
export type StreamHandler = (request: GenerateRequest, call: CallState) => AsyncIterable<ProviderStreamEvent>;

/** One layer around a provider; each method calls `next` (or not, as a cache hit does). */
export interface ModelMiddleware {
  generate(request: GenerateRequest, call: CallState, next: GenerateHandler): Promise<ProviderResult>;
  stream(request: GenerateRequest, call: CallState, next: StreamHandler): AsyncIterable<ProviderStreamEvent>;
}

/** A provider with its middleware applied. */
export interface ModelPipeline {
  generate: GenerateHandler;
  stream: StreamHandler;
}

/**
 * Wrap a provider in middleware, the first of the list outermost (vercel/ai's wrapLanguageModel).
 * Composed once per model, so a call costs one function call per layer and nothing more.
 */
export function composeMiddleware(
  model: LanguageModel,
  middleware: readonly ModelMiddleware[],
): ModelPipeline {
  let generate: GenerateHandler = (request, call) => model.generate(request, { signal: call.signal });
  let stream: StreamHandler = (request, call) => model.stream(request, { signal: call.signal });
  for (let index = middleware.length - 1; index >= 0; index--) {
    const layer = middleware[index]!;
    const nextGenerate = generate;
    const nextStream = stream;
    generate = (request, call) => layer.generate(request, call, nextGenerate);
    stream = (request, call) => layer.stream(request, call, nextStream);
  }
  return { generate, stream };
}
