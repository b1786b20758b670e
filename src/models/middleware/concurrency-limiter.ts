/** Settings of a limiter. */
export interface ConcurrencyLimiterOptions {
  /** Most calls in flight at once; the limit starts here and never goes above it. */
  max: number;
  /** Successes in a row that raise the limit by one; defaults to the current limit (one window). */
  increaseAfter?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  next: Waiter | undefined;
  /** Left in the queue after an abort; skipped when reached. */
  done: boolean;
}

/**
 * A per-provider limit on calls in flight, adapted like TCP (AIMD): halved on each rate-limit answer
 * (down to 1), raised by one after a run of successes (up to `max`). Waiters are served first in,
 * first out; a waiter whose signal aborts leaves the queue with the signal's reason.
 */
export class ConcurrencyLimiter {
  readonly max: number;
  readonly #increaseAfter: number | undefined;
  #limit: number;
  #inFlight = 0;
  #successes = 0;
  #queued = 0;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;

  constructor(options: ConcurrencyLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1)
      throw new RangeError('max must be a positive integer');
    this.max = options.max;
    this.#limit = options.max;
    this.#increaseAfter = options.increaseAfter;
  }

  /** Calls allowed in flight now. */
  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#queued;
  }

  /** Take a slot now if one is free and nobody waits; the cheap path of a call. */
  tryAcquire(): boolean {
    if (this.#queued > 0 || this.#inFlight >= this.#limit) return false;
    this.#inFlight++;
    return true;
  }

  /** Wait for a slot, in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return this.#enqueue(signal, false);
  }

  /**
   * For a holder about to retry: when the limit has dropped below the calls in flight (after a 429),
   * give the slot back and wait for one at the head of the queue, so the lower limit holds on the wire
   * too, not only for new calls. The caller holds a slot afterwards, even when its signal aborts.
   */
  async reacquire(signal?: AbortSignal): Promise<void> {
    if (this.#inFlight <= this.#limit) return;
    this.#inFlight--;
    const waiting = this.#enqueue(signal, true);
    this.#drain();
    try {
      await waiting;
    } catch (error) {
      this.#inFlight++;
      throw error;
    }
  }

  #enqueue(signal: AbortSignal | undefined, first: boolean): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined, next: undefined, done: false };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          if (waiter.done) return;
          waiter.done = true;
          this.#queued--;
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      if (first) {
        waiter.next = this.#head;
        this.#head = waiter;
        this.#tail ??= waiter;
      } else {
        if (this.#tail === undefined) this.#head = waiter;
        else this.#tail.next = waiter;
        this.#tail = waiter;
      }
      this.#queued++;
    });
  }

  /** Give back a slot taken by `tryAcquire` or `acquire`. */
  release(): void {
    this.#inFlight--;
    this.#drain();
  }

  /** A call succeeded: after enough in a row, allow one more in flight. */
  succeeded(): void {
    if (this.#limit >= this.max) return;
    this.#successes++;
    if (this.#successes >= (this.#increaseAfter ?? this.#limit)) {
      this.#successes = 0;
      this.#limit++;
      this.#drain();
    }
  }

  /** The provider said "too many requests": halve the limit. */
  rateLimited(): void {
    this.#successes = 0;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
  }

  #drain(): void {
    while (this.#inFlight < this.#limit) {
      const waiter = this.#head;
      if (waiter === undefined) return;
      this.#head = waiter.next;
      if (this.#head === undefined) this.#tail = undefined;
      if (waiter.done) continue;
      waiter.done = true;
      this.#queued--;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#inFlight++;
      waiter.resolve();
    }
  }
}
