// A test id is 16 hex digits (finalizeTest): 64 bits, kept as two 32-bit halves.
const HEX_ID = /^[0-9a-f]{16}$/;

/**
 * The ids of a suite's tests seen so far, to tell a repeated test: a load of a million-row file
 * holds one per row. A Set of the id strings took about 147 bytes an id (73 MiB for 500,000
 * tests, the peak of such a run); this open-addressing table over typed arrays takes 18 to 36.
 * An id of any other shape (none is made today) goes to a plain Set.
 */
export class TestIdSet {
  #high = new Uint32Array(1024);
  #low = new Uint32Array(1024);
  #used = new Uint8Array(1024);
  #size = 0;
  readonly #others = new Set<string>();

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    if (!HEX_ID.test(id)) {
      if (this.#others.has(id)) return false;
      this.#others.add(id);
      return true;
    }
    const high = Number.parseInt(id.slice(0, 8), 16);
    const low = Number.parseInt(id.slice(8), 16);
    if (this.#find(high, low) >= 0) return false;
    if ((this.#size + 1) * 2 > this.#used.length) this.#grow();
    this.#put(high, low);
    this.#size += 1;
    return true;
  }

  // The slot holding the id, or -1. The low half of a hash is as good as any hash of it.
  #find(high: number, low: number): number {
    const mask = this.#used.length - 1;
    for (let slot = low & mask; this.#used[slot] === 1; slot = (slot + 1) & mask) {
      if (this.#low[slot] === low && this.#high[slot] === high) return slot;
    }
    return -1;
  }

  #put(high: number, low: number): void {
    const mask = this.#used.length - 1;
    let slot = low & mask;
    while (this.#used[slot] === 1) slot = (slot + 1) & mask;
    this.#used[slot] = 1;
    this.#high[slot] = high;
    this.#low[slot] = low;
  }

  #grow(): void {
    const [high, low, used] = [this.#high, this.#low, this.#used];
    const capacity = used.length * 2;
    this.#high = new Uint32Array(capacity);
    this.#low = new Uint32Array(capacity);
    this.#used = new Uint8Array(capacity);
    for (let slot = 0; slot < used.length; slot++) {
      if (used[slot] === 1) this.#put(high[slot]!, low[slot]!);
    }
  }
}
