import { isPlumeError } from '../../util/errors.ts';
import type { ConcurrencyLimiter } from './concurrency-limiter.ts';
import type { CallState, ModelMiddleware } from './model-middleware.ts';

// A retry goes before the calls not yet started, so a failing provider's calls finish (and a
// circuit breaker hears of them) without first waiting behind every new call.
const retried = (call: CallState): boolean => (call.retries ?? 0) > 0;

/** Note that an attempt of `call` was admitted after waiting `waitedMs` for its slot: its own time starts now. */
function admitted(call: CallState, waitedMs: number): void {
  call.queueMs = (call.queueMs ?? 0) + waitedMs;
  call.attemptStartedMs = performance.now();
}

/** Wait in the limiter's queue for a slot for `call`, and count the wait as the call's queue wait. */
async function queue(limiter: ConcurrencyLimiter, call: CallState): Promise<void> {
  const queuedAt = performance.now();
  await limiter.acquire(call.signal, retried(call));
  admitted(call, performance.now() - queuedAt);
}

/**
 * Holds a slot of the provider's limiter for one attempt, and tells the limiter how it went: answered,
 * or refused with a 429. The retry middleware sits outside, so a call waiting for its retry (a
 * Retry-After, a backoff) holds no slot, and other calls use the provider meanwhile; once the wait is
 * over, it takes the next free slot. The time spent waiting for a slot is the call's queue wait
 * (CallState.queueMs), kept apart from its latency, which starts once the limit admits it.
 */
export function concurrencyMiddleware(limiter: ConcurrencyLimiter): ModelMiddleware {
  const refused = (error: unknown, epoch: number): void => {
    if (isPlumeError(error) && error.code === 'PROVIDER_RATE_LIMITED') limiter.rateLimited(epoch);
  };
  return {
    async generate(request, call, next) {
      if (limiter.tryAcquire(retried(call))) admitted(call, 0);
      else await queue(limiter, call);
      const epoch = limiter.epoch;
      try {
        const result = await next(request, call);
        limiter.succeeded(epoch);
        return result;
      } catch (error) {
        refused(error, epoch);
        throw error;
      } finally {
        limiter.release();
      }
    },
    async *stream(request, call, next) {
      if (limiter.tryAcquire(retried(call))) admitted(call, 0);
      else await queue(limiter, call);
      const epoch = limiter.epoch;
      try {
        yield* next(request, call);
        limiter.succeeded(epoch);
      } catch (error) {
        refused(error, epoch);
        throw error;
      } finally {
        limiter.release();
      }
    },
  };
}
