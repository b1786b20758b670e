import type {
  GenerateRequest,
  GenerateResult,
  ModelParams,
  ModelRef,
  Price,
  ProviderResult,
  StreamEvent,
} from '../spec/model.ts';
import type { CallLog } from '../store/call-log.ts';
import { isPlumeError } from '../util/errors.ts';
import type { ModelCapabilities } from './language-model.ts';
import type { CallState, ModelPipeline } from './middleware/model-middleware.ts';
import type { CacheMode, Model, ModelCallOptions } from './model.ts';
import { costOf } from './prices.ts';

export interface AccountedModelOptions {
  id: string;
  ref: ModelRef;
  capabilities: ModelCapabilities;
  usageAccuracy: Model['usageAccuracy'];
  cacheable: boolean;
  pipeline: ModelPipeline;
  price: Price | undefined;
  log: CallLog;
  /** The cache mode of a call that names none; `off` (plume.yaml turned the cache off) holds for every call. */
  cacheMode: CacheMode;
  now: () => number;
}

/**
 * The outermost layer: merges parameters, times the call, prices its tokens and appends one row to
 * the call log (also for failures, with the error code). Everything else is the pipeline's. An
 * answer's latency is its answering attempt's own time, from the moment the provider's concurrency
 * limit admitted it; the time it waited for that limit is its queue wait, apart (queueMs).
 */
export function createAccountedModel(options: AccountedModelOptions): Model {
  const { id, pipeline, price, log, now } = options;
  const params = options.ref.params;
  const hasParams = Object.keys(params).length > 0;
  const withParams = (request: GenerateRequest): GenerateRequest =>
    hasParams ? { ...request, params: mergeParams(params, request.params) } : request;
  const start = (options_: ModelCallOptions | undefined): CallState => ({
    signal: options_?.signal,
    // A project that turned the cache off is never read or written, whichever command asks.
    cacheMode: options.cacheMode === 'off' ? 'off' : (options_?.cache ?? options.cacheMode),
    sample: options_?.sample ?? 0,
    cacheKey: undefined,
    cached: false,
    onWait: options_?.onWait,
  });
  const finish = (result: ProviderResult, call: CallState, at: number, startedMs: number): GenerateResult => {
    const endedMs = performance.now();
    // The answering attempt's own time (see CallState.attemptStartedMs); a cache hit has no attempt.
    const latencyMs = endedMs - (call.attemptStartedMs ?? startedMs);
    const costUsd = costOf(price, result.usage.inputTokens, result.usage.outputTokens);
    log.append({
      at,
      modelId: id,
      cacheKey: call.cacheKey,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      costUsd: call.cached ? 0 : costUsd,
      // The call log keeps the whole call: waits for a slot, failed attempts and backoffs included.
      latencyMs: endedMs - startedMs,
      cached: call.cached,
      errorCode: undefined,
    });
    return { ...result, modelId: id, latencyMs, queueMs: call.queueMs, costUsd, cached: call.cached };
  };
  const fail = (error: unknown, call: CallState, at: number, startedMs: number): void => {
    log.append({
      at,
      modelId: id,
      cacheKey: call.cacheKey,
      inputTokens: undefined,
      outputTokens: undefined,
      costUsd: undefined,
      latencyMs: performance.now() - startedMs,
      cached: false,
      errorCode: errorCodeOf(error),
    });
  };
  return {
    id,
    ref: options.ref,
    capabilities: options.capabilities,
    usageAccuracy: options.usageAccuracy,
    cacheable: options.cacheable,
    price,
    async generate(request, callOptions) {
      const call = start(callOptions);
      const at = now();
      const startedMs = performance.now();
      try {
        return finish(await pipeline.generate(withParams(request), call), call, at, startedMs);
      } catch (error) {
        fail(error, call, at, startedMs);
        throw error;
      }
    },
    async *stream(request, callOptions): AsyncIterable<StreamEvent> {
      const call = start(callOptions);
      const at = now();
      const startedMs = performance.now();
      let settled = false;
      try {
        for await (const event of pipeline.stream(withParams(request), call)) {
          if (event.type === 'text') yield event;
          else {
            settled = true;
            yield { type: 'finish', result: finish(event.result, call, at, startedMs) };
          }
        }
      } catch (error) {
        settled = true;
        fail(error, call, at, startedMs);
        throw error;
      } finally {
        // The consumer stopped reading before the end.
        if (!settled) fail(new DOMException('stream abandoned', 'AbortError'), call, at, startedMs);
      }
    },
  };
}

/** Request parameters over the model's; an undefined request value leaves the model's in place. */
export function mergeParams(base: ModelParams, override: ModelParams): ModelParams {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) if (value !== undefined) merged[key] = value;
  return merged as ModelParams;
}

function errorCodeOf(error: unknown): string {
  if (isPlumeError(error)) return error.code;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'ABORTED';
  return 'INTERNAL';
}
