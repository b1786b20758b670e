import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';

interface Waiter {
  resolve(sequence: LlamaContextSequence | undefined): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * The sequences of one context, lent one request at a time. Requests that hold a sequence at
 * the same time are evaluated together in one batch by node-llama-cpp; when all are lent, the
 * next request waits (first come, first served) until one is given back.
 */
export class SequencePool {
  readonly size: number;
  private readonly free: LlamaContextSequence[] = [];
  private readonly waiters: Waiter[] = [];

  constructor(context: LlamaContext) {
    // getSequence() throws once the context has none left, so take exactly what it has.
    while (context.sequencesLeft > 0) this.free.push(context.getSequence());
    this.size = this.free.length;
  }

  /** Lend a free sequence, waiting for one if needed; undefined when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<LlamaContextSequence | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const sequence = this.free.pop();
    if (sequence !== undefined) return Promise.resolve(sequence);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          resolve(undefined);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Give a sequence back. Its state is cleared first, so the next request starts from an empty
   * sequence and can never see the tokens of the one before.
   */
  async release(sequence: LlamaContextSequence): Promise<void> {
    if (sequence.disposed) return;
    await sequence.clearHistory();
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.free.push(sequence);
      return;
    }
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(sequence);
  }
}
