import { describeOwner, heartbeatIntervalMs } from '../../store/run-owner.ts';
import type { RunStore } from '../../store/run-store.ts';
import { PlumeError } from '../../util/errors.ts';

/**
 * This process's hold on a running run. It records a heartbeat every third of the lease so that
 * others see the run running and do not take it over. A process whose beats stopped for a whole
 * lease (stopped, suspended, its event loop stalled) may find on waking that another process took
 * the run over: the next beat, or the next batch of cells, finds it out, and `signal` aborts this
 * process's calls at once; its cells stored so far stay, the rest are the other process's.
 */
export class RunLease {
  /** Aborted when the run is stopped (`stop` given to the constructor) or lost to another process. */
  readonly signal: AbortSignal;
  readonly #store: RunStore;
  readonly #runId: string;
  readonly #lost = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(store: RunStore, runId: string, stop: AbortSignal | undefined) {
    this.#store = store;
    this.#runId = runId;
    this.signal = stop === undefined ? this.#lost.signal : AbortSignal.any([stop, this.#lost.signal]);
    this.#timer = setInterval(() => this.#beat(), heartbeatIntervalMs()).unref();
  }

  /** Whether another process took the run over. */
  get lost(): boolean {
    return this.#lost.signal.aborted;
  }

  /** Record that the run is lost (a write found another owner): stop every call. */
  lose(): void {
    if (!this.lost) this.#lost.abort(this.takenOver());
  }

  /** Stop the heartbeat (the run ends). */
  end(): void {
    clearInterval(this.#timer);
  }

  /** The error this process ends with once it lost the run: who holds it now, and that nothing was lost. */
  takenOver(): PlumeError {
    const owner = this.#store.owner(this.#runId);
    const who = owner === undefined ? '' : ` (${describeOwner(owner)})`;
    return new PlumeError({
      code: 'RUN_TAKEN_OVER',
      message: `another plume process took over run ${this.#runId}${who}; this one stopped; nothing was lost`,
      hint:
        'this process was stopped or stalled longer than the lease, so the run was taken for abandoned; ' +
        `its stored cells stay, and the other process runs the rest (follow it with plume runs show ${this.#runId})`,
    });
  }

  #beat(): void {
    try {
      if (!this.#store.heartbeat(this.#runId)) this.lose();
    } catch {
      // The store was busy past its timeout: the next beat, well within the lease, tries again.
    }
  }
}
