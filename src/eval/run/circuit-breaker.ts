import type { CellError } from '../../spec/run.ts';

/** Consecutive connection failures after which a model is no longer called. */
export const DEFAULT_BREAKER_THRESHOLD = 3;

/**
 * Stops calling a model that cannot be reached: after `threshold` connection failures in a row
 * (each already retried by the retry middleware) it opens, and every later cell of that model
 * becomes an error without a call. Any answer closes the count again.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #model: string;
  #failures = 0;
  #open = false;

  constructor(model: string, threshold = DEFAULT_BREAKER_THRESHOLD) {
    this.#model = model;
    this.#threshold = threshold;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** The error a cell gets instead of a call while the breaker is open. */
  get skipError(): CellError {
    return {
      code: 'PROVIDER_CONNECTION',
      message: `not called: ${this.#model} could not be reached ${this.#threshold} times in a row`,
    };
  }

  /** Record a call's outcome; returns true when this failure opened the breaker. */
  record(errorCode: string | undefined): boolean {
    if (errorCode === undefined) {
      this.#failures = 0;
      return false;
    }
    if (errorCode !== 'PROVIDER_CONNECTION') return false;
    this.#failures += 1;
    if (this.#open || this.#failures < this.#threshold) return false;
    this.#open = true;
    return true;
  }
}
