/** Settings of a limiter. */
export interface ConcurrencyLimiterOptions {
  /** Most calls in flight at once; the limit starts here and never goes above it. */
  max: number;
  /** Outcomes that make one window; default the current limit, or MIN_WINDOW when that is more. */
  window?: number;
}

/**
 * Fewest outcomes a window judges: fewer cannot tell a provider's limit from chance (one 429 in two
 * calls is half of them). With 8, a random tenth of calls refused halved the limit every 26 windows.
 */
export const MIN_WINDOW = 16;

/**
 * Share of a window's calls refused with a 429 above which the limit is halved. A provider whose limit
 * is exceeded refuses the calls above it: sending 1.5 times its limit has a third refused. One that
 * refuses a random tenth of its calls is not asking for fewer: a window of 16 with more than 5 refusals
 * then comes once in 300.
 */
export const RATE_LIMITED_SHARE = 1 / 3;

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
 * A per-provider limit on calls in flight, adapted like TCP (AIMD) once per window of outcomes: halved
 * (down to 1) when more than RATE_LIMITED_SHARE of the window's calls were refused with a 429, else
 * raised by one (up to `max`). Outcomes of calls that started before the last halving are not counted:
 * they were sent at the old limit, and halving again for them would answer one overload twice. Waiters
 * are served first in, first out; a waiter whose signal aborts leaves the queue with the signal's reason.
 */
export class ConcurrencyLimiter {
  readonly max: number;
  readonly #window: number | undefined;
  #limit: number;
  #inFlight = 0;
  #epoch = 0;
  #outcomes = 0;
  #refusals = 0;
  #queued = 0;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  /** The last retry queued, while it waits: the next one goes behind it. */
  #lastFirst: Waiter | undefined;

  constructor(options: ConcurrencyLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1)
      throw new RangeError('max must be a positive integer');
    this.max = options.max;
    this.#limit = options.max;
    this.#window = options.window;
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

  /** Halvings so far: a call notes it when it starts and gives it back with its outcome. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Take a slot now if one is free and nobody waits (`first`: nobody but calls not yet started); the cheap path of a call. */
  tryAcquire(first = false): boolean {
    if ((this.#queued > 0 && !first) || this.#inFlight >= this.#limit) return false;
    this.#inFlight++;
    return true;
  }

  /**
   * Wait for a slot, in arrival order; `first` for a call being retried, served before the calls that
   * have not started: a call that has waited its backoff does not queue again behind them.
   */
  acquire(signal?: AbortSignal, first = false): Promise<void> {
    if (this.tryAcquire(first)) return Promise.resolve();
    return this.#enqueue(signal, first);
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
        // Behind the retries already waiting, before every call not yet started.
        const before = this.#lastFirst?.done === false ? this.#lastFirst : undefined;
        waiter.next = before === undefined ? this.#head : before.next;
        if (before === undefined) this.#head = waiter;
        else before.next = waiter;
        if (waiter.next === undefined) this.#tail = waiter;
        this.#lastFirst = waiter;
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

  /** A call that started at `epoch` got an answer. */
  succeeded(epoch: number): void {
    this.#record(epoch, false);
  }

  /** A call that started at `epoch` was refused: "too many requests". */
  rateLimited(epoch: number): void {
    this.#record(epoch, true);
  }

  #record(epoch: number, refused: boolean): void {
    if (epoch !== this.#epoch) return;
    this.#outcomes++;
    if (refused) this.#refusals++;
    if (this.#outcomes < (this.#window ?? Math.max(MIN_WINDOW, this.#limit))) return;
    if (this.#refusals > this.#outcomes * RATE_LIMITED_SHARE) {
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#epoch++;
    } else if (this.#limit < this.max) {
      this.#limit++;
    }
    this.#outcomes = 0;
    this.#refusals = 0;
    this.#drain();
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
