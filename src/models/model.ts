import type { GenerateRequest, GenerateResult, ModelRef, Price, StreamEvent } from '../spec/model.ts';
import type { ModelCapabilities } from './language-model.ts';

/**
 * How a call uses the response cache: `use` reads and writes, `bypass` skips the read but stores
 * the fresh answer (a refresh), `off` neither reads nor writes.
 */
export type CacheMode = 'use' | 'bypass' | 'off';

/** Per-call options of a registry model. */
export interface ModelCallOptions {
  signal?: AbortSignal;
  /** Defaults to `use`; always `off` when plume.yaml sets `cache.enabled: false`, whatever is asked. */
  cache?: CacheMode;
  /**
   * Which sample of the same request this is (0 by default). Repeats of one request at a
   * temperature above 0 are distinct samples: give each its own index so they get their own cache entry.
   */
  sample?: number;
  /**
   * Told when the call starts (true) and stops (false) waiting to be tried again (a Retry-After, a
   * backoff): a caller running many calls can start another meanwhile.
   */
  onWait?: (waiting: boolean) => void;
}

/**
 * A model from the registry: a provider wrapped in the shared middleware
 * (cache → retry → concurrency limit → timeout → provider) with accounting around it all.
 */
export interface Model {
  /** `provider:model`. */
  readonly id: string;
  /** The reference this model was made from, parameters included (project defaults under the ref's). */
  readonly ref: ModelRef;
  readonly capabilities: ModelCapabilities;
  /** `approximate` when the provider estimates token counts (echo) instead of reporting them. */
  readonly usageAccuracy: 'reported' | 'approximate';
  /**
   * Its answers are worth keeping: the response cache stores them, and a run without the cache
   * journals them until their cells are stored. False for echo and sim, which answer at no cost.
   */
  readonly cacheable: boolean;
  /** List price per million tokens (plume.yaml `prices`, else the built-in table); undefined when unknown. */
  readonly price: Price | undefined;
  /**
   * One call. Request parameters override the model's. `costUsd` is the list price of the answer's
   * tokens, also for a cached answer (whose `cached` is true and which cost nothing this time).
   */
  generate(request: GenerateRequest, options?: ModelCallOptions): Promise<GenerateResult>;
  /** Text deltas as they come, then one `finish` event carrying the whole result. */
  stream(request: GenerateRequest, options?: ModelCallOptions): AsyncIterable<StreamEvent>;
}
