import { PlumeError } from '../../util/errors.ts';
import type { CallState, ModelMiddleware } from './model-middleware.ts';

/**
 * An abort signal that fires when the caller's does or when `ms` have passed. A listener on the
 * caller's signal rather than AbortSignal.any, so a long-lived caller signal collects nothing per call.
 */
class Deadline {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal | undefined;
  readonly #timer: NodeJS.Timeout;
  #expired = false;

  constructor(parent: AbortSignal | undefined, ms: number) {
    this.#parent = parent;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort(new DOMException('the call timed out', 'TimeoutError'));
    }, ms);
    if (parent?.aborted) this.#controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.#onParentAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The time ran out (and the caller had not aborted first). */
  get expired(): boolean {
    return this.#expired && this.#parent?.aborted !== true;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  readonly #onParentAbort = (): void => {
    this.#controller.abort(this.#parent?.reason);
  };
}

/**
 * A time limit per attempt: `params.timeoutMs`, else the provider's (plume.yaml, then its kind's default).
 * A call that runs out throws PROVIDER_TIMEOUT, which the retry middleware may try again.
 */
export function timeoutMiddleware(modelId: string, defaultTimeoutMs: number | undefined): ModelMiddleware {
  const timedOut = (ms: number): PlumeError =>
    new PlumeError({
      code: 'PROVIDER_TIMEOUT',
      message: `${modelId} gave no complete answer within ${ms} ms`,
      hint: 'raise timeoutMs (in the prompt or under providers in plume.yaml), or ask for fewer tokens',
      retryable: true,
    });
  const limited = (call: CallState, deadline: Deadline): CallState => ({ ...call, signal: deadline.signal });
  return {
    async generate(request, call, next) {
      const ms = request.params.timeoutMs ?? defaultTimeoutMs;
      if (ms === undefined) return next(request, call);
      const deadline = new Deadline(call.signal, ms);
      try {
        return await next(request, limited(call, deadline));
      } catch (error) {
        throw deadline.expired ? timedOut(ms) : error;
      } finally {
        deadline.dispose();
      }
    },
    async *stream(request, call, next) {
      const ms = request.params.timeoutMs ?? defaultTimeoutMs;
      if (ms === undefined) {
        yield* next(request, call);
        return;
      }
      const deadline = new Deadline(call.signal, ms);
      try {
        yield* next(request, limited(call, deadline));
      } catch (error) {
        throw deadline.expired ? timedOut(ms) : error;
      } finally {
        deadline.dispose();
      }
    },
  };
}
