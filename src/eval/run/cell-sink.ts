import type { CellRecord } from '../../spec/run.ts';

/** Where finished cells go: `write` stores a batch in one transaction. */
export interface CellWriter {
  write(cells: readonly CellRecord[]): void;
}

/** When a batch is written: after this many cells, or this long after its first cell. */
export interface SinkOptions {
  batchSize?: number;
  flushMs?: number;
}

/**
 * Buffers finished cells and writes them in batches (every `batchSize` cells or `flushMs`), so a
 * run commits often enough that a kill loses little, and rarely enough that SQLite is not the bottleneck.
 */
export class CellSink {
  readonly #writer: CellWriter;
  readonly #batchSize: number;
  readonly #flushMs: number;
  #buffer: CellRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #failure: { error: unknown } | undefined;

  constructor(writer: CellWriter, options: SinkOptions = {}) {
    this.#writer = writer;
    this.#batchSize = options.batchSize ?? 256;
    this.#flushMs = options.flushMs ?? 100;
  }

  /** Cells waiting to be written. */
  get pending(): number {
    return this.#buffer.length;
  }

  add(cell: CellRecord): void {
    this.#throwFailure();
    this.#buffer.push(cell);
    if (this.#buffer.length >= this.#batchSize) this.flush();
    else this.#timer ??= setTimeout(() => this.#flushLater(), this.#flushMs);
  }

  /** Write what is buffered now; rethrows a failure of a timed write. */
  flush(): void {
    this.#throwFailure();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#writer.write(batch);
  }

  // A write failing in a timer has no caller: keep the error for the next add or flush.
  #flushLater(): void {
    try {
      this.flush();
    } catch (error) {
      this.#failure = { error };
    }
  }

  #throwFailure(): void {
    const failure = this.#failure;
    if (failure === undefined) return;
    this.#failure = undefined;
    throw failure.error;
  }
}
