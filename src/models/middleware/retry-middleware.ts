import { isPlumeError } from '../../util/errors.ts';
import { isUnanswered } from '../unanswered.ts';
import type { CallState, ModelMiddleware } from './model-middleware.ts';

/** When and how long to wait before trying a failed call again. */
export interface RetryPolicy {
  /** Retries of a retryable failure (5xx, a connection reset, a garbled body); a 429 may be retried twice as often. */
  maxRetries: number;
  /**
   * Retries when the provider cannot be reached at all or does not answer in time: few, so a provider
   * that is down or hangs fails fast (see isUnanswered). They count within maxRetries.
   */
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
  /** A number in [0, 1); tests pass their own. */
  random?: () => number;
}

/** The failed attempts of one call so far, by kind. */
export interface FailedAttempts {
  /** Failures other than a 429: errors, resets, garbled bodies, timeouts. */
  failed: number;
  /** Of those, the ones without an answer (see isUnanswered). */
  unanswered: number;
  /** 429s. */
  rateLimited: number;
}

/**
 * The wait before trying again after `error`, or undefined when the error must be thrown:
 * `Retry-After` when the provider sent one, else exponential backoff with full jitter. A 429 is the
 * provider pacing calls rather than failing them: it gets its own budget, twice maxRetries, so random
 * 429s do not use up the retries that a 500 or a reset needs.
 */
export function retryDelay(
  error: unknown,
  before: FailedAttempts,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (!isPlumeError(error) || !error.retryable) return undefined;
  const rateLimited = error.code === 'PROVIDER_RATE_LIMITED';
  if (rateLimited && before.rateLimited >= 2 * policy.maxRetries) return undefined;
  if (!rateLimited && before.failed >= policy.maxRetries) return undefined;
  if (isUnanswered(error.code) && before.unanswered >= policy.connectionRetries) return undefined;
  if (error.retryAfterSeconds !== undefined) {
    const wait = error.retryAfterSeconds * 1000;
    return wait > policy.maxRetryAfterMs ? undefined : wait;
  }
  const retries = rateLimited ? before.rateLimited : before.failed;
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retries);
}

/** Count `error` among the failed attempts. */
function count(error: unknown, attempts: FailedAttempts): void {
  const code = isPlumeError(error) ? error.code : undefined;
  if (code === 'PROVIDER_RATE_LIMITED') {
    attempts.rateLimited++;
    return;
  }
  attempts.failed++;
  if (isUnanswered(code)) attempts.unanswered++;
}

/**
 * Retries retryable errors; never 400/401/403/404. A stream is retried only before its first event.
 * It sits outside the concurrency limit: a call waiting to be retried holds no slot of the provider's.
 */
export function retryMiddleware(policy: RetryPolicy, hooks: RetryHooks = {}): ModelMiddleware {
  const random = hooks.random ?? Math.random;
  // Returns the wait, or throws the error when it is not to be retried.
  const judge = (error: unknown, attempts: FailedAttempts, signal?: AbortSignal): number => {
    const wait = signal?.aborted ? undefined : retryDelay(error, attempts, policy, random);
    if (wait === undefined) throw error;
    count(error, attempts);
    return wait;
  };
  const triesBefore = (attempts: FailedAttempts): number => attempts.failed + attempts.rateLimited;
  const start = (): FailedAttempts => ({ failed: 0, unanswered: 0, rateLimited: 0 });
  return {
    async generate(request, call, next) {
      const attempts = start();
      for (;;) {
        try {
          call.retries = triesBefore(attempts);
          call.attemptStartedMs = performance.now();
          return await next(request, call);
        } catch (error) {
          await pause(judge(error, attempts, call.signal), call);
        }
      }
    },
    async *stream(request, call, next) {
      const attempts = start();
      for (;;) {
        let started = false;
        call.retries = triesBefore(attempts);
        call.attemptStartedMs = performance.now();
        try {
          for await (const event of next(request, call)) {
            started = true;
            yield event;
          }
          return;
        } catch (error) {
          if (started) throw error;
          await pause(judge(error, attempts, call.signal), call);
        }
      }
    },
  };
}

// The wait before a retry, told to the caller.
async function pause(ms: number, call: CallState): Promise<void> {
  call.onWait?.(true);
  try {
    await sleep(ms, call.signal);
  } finally {
    call.onWait?.(false);
  }
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
