import v8 from 'node:v8';
import type { RunEvent } from '../spec/run.ts';

/** Where V8's heap statistics and flags are read and set; a test passes its own. */
export interface HeapControls {
  /** Bytes committed to the young generation's semi-spaces. */
  youngBytes(): number;
  /** Set --semi-space-growth-factor. */
  setGrowthFactor(factor: number): void;
}

/** A run of fewer cells than this keeps the young generation as it is. */
export const LONG_RUN_CELLS = 1_000;

/** The young generation a long run grows to: two semi-spaces of 4 MiB. */
export const RUN_YOUNG_BYTES = 8 * 1024 * 1024;

const V8_HEAP: HeapControls = {
  youngBytes: () =>
    v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0,
  setGrowthFactor: (factor) => v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`),
};

/**
 * Sizes V8's young generation for a long run of the CLI. bin/plume.js holds it at its start size
 * (semi-spaces of 1 MiB) to keep memory flat. But a run's cells are short-lived objects made by
 * the thousand each second, and the cells waiting for their batch's write survive each collection:
 * a young generation that small was collected 326 times in a cached re-run of 20,000 cells.
 * Once a long run is under way this lets V8 grow it once, to semi-spaces of 4 MiB, and holds it
 * there: 93 collections; in A/B runs (same store, alternated) the cached re-run took 0.93-1.00 s
 * against 1.07-1.11 s, the first run 5.1 s of CPU against 7.0 s, at the same peak memory
 * (128-130 MiB). V8 sizes its young generation at start-up only (--min-semi-space-size is no
 * runtime flag), but reads --semi-space-growth-factor at each growth: the factor is set so that
 * one growth reaches the size, and back to 1 at the first batch written after it.
 */
export class YoungGeneration {
  readonly #heap: HeapControls;
  #long = false;
  #growing = false;

  constructor(heap: HeapControls = V8_HEAP) {
    this.#heap = heap;
  }

  /** Follows a run's events; pass each one. */
  readonly handle = (event: RunEvent): void => {
    if (event.type === 'run-start') this.#long = event.cellCount - event.alreadyDone >= LONG_RUN_CELLS;
    else if (event.type === 'batch-written') this.#afterBatch();
    else if (event.type === 'run-end') this.#hold();
  };

  // Growth starts at the first batch, once the run is under way: before it, loading a provider's
  // SDK or opening connections keeps so much alive that V8 would grow twice, to 32 MiB semi-spaces.
  // Then a batch is written every 256 cells at most, long before a second growth could come.
  #afterBatch(): void {
    if (this.#growing) {
      if (this.#heap.youngBytes() >= RUN_YOUNG_BYTES * 0.9) this.#hold();
      return;
    }
    if (!this.#long) return;
    this.#long = false;
    const young = this.#heap.youngBytes();
    if (young <= 0 || young >= RUN_YOUNG_BYTES) return;
    this.#growing = true;
    this.#heap.setGrowthFactor(Math.max(2, Math.round(RUN_YOUNG_BYTES / young)));
  }

  #hold(): void {
    if (!this.#growing) return;
    this.#growing = false;
    this.#heap.setGrowthFactor(1);
  }
}
