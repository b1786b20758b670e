import type { PlumeError } from '../util/errors.ts';
import { heartbeatIntervalMs } from './run-owner.ts';

/** How a lease is kept: its heartbeat, and the error its process ends with once it lost it. */
export interface LeaseKeeperOptions {
  /** Record that this process still holds the work; false when another process took it over. */
  beat: () => boolean;
  /** The error this process ends with once it lost the work: who holds it now, and that nothing was lost. */
  takenOver: () => PlumeError;
  /** Aborts `signal` too (Ctrl-C, SIGTERM). */
  stop: AbortSignal | undefined;
}

/**
 * This process's hold on work it runs (a run, an optimization): a heartbeat every third of the
 * lease so that others see it alive and do not take the work over. A process whose beats stopped
 * for a whole lease (stopped, suspended, its event loop stalled) may find on waking that another
 * process took the work over: the next beat, or the next write that checks (`lose`), finds it
 * out, and `signal` aborts this process's calls at once.
 */
export class LeaseKeeper {
  /** Aborted when the work is stopped (`stop`) or lost to another process. */
  readonly signal: AbortSignal;
  readonly #options: LeaseKeeperOptions;
  readonly #lost = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
    const { stop } = options;
    this.signal = stop === undefined ? this.#lost.signal : AbortSignal.any([stop, this.#lost.signal]);
    this.#timer = setInterval(() => this.#beat(), heartbeatIntervalMs()).unref();
  }

  /** Whether another process took the work over. */
  get lost(): boolean {
    return this.#lost.signal.aborted;
  }

  /** Record that the work is lost (a write found another owner): stop every call. */
  lose(): void {
    if (!this.lost) this.#lost.abort(this.takenOver());
  }

  /** Stop the heartbeat (the work ends). */
  end(): void {
    clearInterval(this.#timer);
  }

  /** The error to end with once the work is lost. */
  takenOver(): PlumeError {
    return this.#options.takenOver();
  }

  #beat(): void {
    try {
      if (!this.#options.beat()) this.lose();
    } catch {
      // The store was busy past its timeout: the next beat, well within the lease, tries again.
    }
  }
}
