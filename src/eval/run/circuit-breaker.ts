import { isUnanswered } from '../../models/unanswered.ts';
import type { CellError } from '../../spec/run.ts';
import { isPlumeError, PlumeError } from '../../util/errors.ts';

/** Consecutive calls without an answer after which a model is no longer called. */
export const DEFAULT_BREAKER_THRESHOLD = 3;

/**
 * Stops calling a model that cannot be reached or does not answer: after `threshold` calls in a row
 * that failed so (connection failures and timeouts, each already retried by the retry middleware,
 * see isUnanswered) it opens. Its signal then aborts the model's calls in flight and waiting for a
 * slot, and every later cell of that model becomes an error without a call: a provider that hangs
 * costs a run about two timeouts, not its cells' timeouts one after the other. Any answer closes the
 * count again.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #model: string;
  readonly #controller = new AbortController();
  #failures = 0;
  #skip: PlumeError | undefined;

  /** `parent`: the run's signal; the breaker's signal aborts with it. */
  constructor(model: string, threshold = DEFAULT_BREAKER_THRESHOLD, parent?: AbortSignal) {
    this.#model = model;
    this.#threshold = threshold;
    if (parent?.aborted) this.#controller.abort(parent.reason);
    else parent?.addEventListener('abort', () => this.#controller.abort(parent.reason), { once: true });
  }

  get isOpen(): boolean {
    return this.#skip !== undefined;
  }

  /** The signal the model's calls take: aborted when the run is interrupted or the breaker opens. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The error a cell gets instead of a call while the breaker is open. */
  get skipError(): CellError {
    const skip = this.#skip;
    return skip === undefined
      ? { code: 'PROVIDER_CONNECTION', message: `not called: ${this.#model} is not answering` }
      : { code: skip.code, message: skip.message };
  }

  /**
   * The error of a cell whose call failed: the breaker's own when the call was cut off because the
   * breaker had opened meanwhile, else undefined (the call's error stands).
   */
  cutOff(error: unknown): CellError | undefined {
    if (!this.isOpen || (isPlumeError(error) && error !== this.#skip)) return undefined;
    return this.skipError;
  }

  /** Record a call's outcome (its error code, undefined for an answer); true when this failure opened the breaker. */
  record(errorCode: string | undefined, reason = ''): boolean {
    if (errorCode === undefined) {
      this.#failures = 0;
      return false;
    }
    if (!isUnanswered(errorCode)) return false;
    this.#failures += 1;
    if (this.isOpen || this.#failures < this.#threshold) return false;
    const what = errorCode === 'PROVIDER_CONNECTION' ? 'could not be reached' : 'gave no answer in time';
    this.#skip = new PlumeError({
      code: errorCode,
      message: `not called: ${this.#model} ${what} ${this.#threshold} times in a row${reason === '' ? '' : ` (${reason})`}`,
    });
    if (!this.#controller.signal.aborted) this.#controller.abort(this.#skip);
    return true;
  }
}
