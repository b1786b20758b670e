import type { ConcurrencyLimiter } from './concurrency-limiter.ts';
import type { ModelMiddleware } from './model-middleware.ts';

/**
 * Holds a slot of the provider's limiter for the whole call, retries and backoff included, so a
 * provider that answers 429 sees fewer calls, not the same calls later. Successes let the limit grow back.
 */
export function concurrencyMiddleware(limiter: ConcurrencyLimiter): ModelMiddleware {
  return {
    async generate(request, call, next) {
      if (!limiter.tryAcquire()) await limiter.acquire(call.signal);
      try {
        const result = await next(request, call);
        limiter.succeeded();
        return result;
      } finally {
        limiter.release();
      }
    },
    async *stream(request, call, next) {
      if (!limiter.tryAcquire()) await limiter.acquire(call.signal);
      try {
        yield* next(request, call);
        limiter.succeeded();
      } finally {
        limiter.release();
      }
    },
  };
}
