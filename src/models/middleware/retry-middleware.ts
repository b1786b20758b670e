import { isPlumeError } from '../../util/errors.ts';
import type { ModelMiddleware } from './model-middleware.ts';

/** When and how long to wait before trying a failed call again. */
export interface RetryPolicy {
  /** Retries of a retryable error (429, 5xx, timeouts, resets). */
  maxRetries: number;
  /** Retries when the provider cannot be reached at all: few, so a provider that is down fails fast. */
  connectionRetries: number;
  /** First backoff ceiling; it doubles with each retry (full jitter: a uniform wait below it). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a provider asking for more gets its error back at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  connectionRetries: 1,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

export interface RetryHooks {
  /** Called on every 429, retried or not: the concurrency limiter halves its limit. */
  onRateLimited?: () => void;
  /** Runs after the wait, before the next attempt: the concurrency limiter may hold the call back. */
  beforeRetry?: (signal: AbortSignal | undefined) => Promise<void>;
  /** A number in [0, 1); tests pass their own. */
  random?: () => number;
}

/**
 * The wait before retry number `retries + 1`, or undefined when the error must be thrown:
 * `Retry-After` when the provider sent one, else exponential backoff with full jitter.
 */
export function retryDelay(
  error: unknown,
  retries: number,
  connectionFailures: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (!isPlumeError(error) || !error.retryable || retries >= policy.maxRetries) return undefined;
  if (error.code === 'PROVIDER_CONNECTION' && connectionFailures > policy.connectionRetries) return undefined;
  if (error.retryAfterSeconds !== undefined) {
    const wait = error.retryAfterSeconds * 1000;
    return wait > policy.maxRetryAfterMs ? undefined : wait;
  }
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retries);
}

/** Retries retryable errors; never 400/401/403/404. A stream is retried only before its first event. */
export function retryMiddleware(policy: RetryPolicy, hooks: RetryHooks = {}): ModelMiddleware {
  const random = hooks.random ?? Math.random;
  // Returns the wait, or throws the error when it is not to be retried.
  const judge = (error: unknown, retries: number, failures: { connection: number }, signal?: AbortSignal) => {
    if (isPlumeError(error)) {
      if (error.code === 'PROVIDER_RATE_LIMITED') hooks.onRateLimited?.();
      if (error.code === 'PROVIDER_CONNECTION') failures.connection++;
    }
    const wait = signal?.aborted
      ? undefined
      : retryDelay(error, retries, failures.connection, policy, random);
    if (wait === undefined) throw error;
    return wait;
  };
  return {
    async generate(request, call, next) {
      const failures = { connection: 0 };
      for (let retries = 0; ; retries++) {
        try {
          return await next(request, call);
        } catch (error) {
          await sleep(judge(error, retries, failures, call.signal), call.signal);
          await hooks.beforeRetry?.(call.signal);
        }
      }
    },
    async *stream(request, call, next) {
      const failures = { connection: 0 };
      for (let retries = 0; ; retries++) {
        let started = false;
        try {
          for await (const event of next(request, call)) {
            started = true;
            yield event;
          }
          return;
        } catch (error) {
          if (started) throw error;
          await sleep(judge(error, retries, failures, call.signal), call.signal);
          await hooks.beforeRetry?.(call.signal);
        }
      }
    },
  };
}

/** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
