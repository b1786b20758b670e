interface Entry<T> {
  value: Promise<T>;
  users: number;
}

/** A value shared by its users while any holds a lease; `release()` of each lease returns it once. */
export interface Lease<T> {
  readonly value: T;
  release(): Promise<void>;
}

/**
 * Values created once per key and shared while in use: the first `acquire` of a key creates the
 * value (concurrent callers wait on the same promise), the last `release` disposes it. A value
 * whose creation failed is forgotten, so the next `acquire` tries again.
 */
export class RefCountedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly dispose: (value: T) => Promise<void>;

  constructor(dispose: (value: T) => Promise<void>) {
    this.dispose = dispose;
  }

  async acquire(key: string, create: () => Promise<T>): Promise<Lease<T>> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { value: create(), users: 0 };
      this.entries.set(key, entry);
    }
    entry.users += 1;
    let value: T;
    try {
      value = await entry.value;
    } catch (error) {
      entry.users -= 1;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
    let released = false;
    return {
      value,
      release: async () => {
        if (released) return;
        released = true;
        await this.release(key, entry);
      },
    };
  }

  /** Keys with at least one user (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private async release(key: string, entry: Entry<T>): Promise<void> {
    entry.users -= 1;
    if (entry.users > 0) return;
    if (this.entries.get(key) === entry) this.entries.delete(key);
    await this.dispose(await entry.value);
  }
}
