import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  type HeapControls,
  LONG_RUN_CELLS,
  RUN_YOUNG_BYTES,
  YoungGeneration,
} from '../../src/cli/young-generation.ts';
import type { RunEvent } from '../../src/spec/run.ts';
import { EMPTY_TOTALS } from '../../src/store/run-figures.ts';

const MiB = 1024 * 1024;

/** A heap whose young generation grows by the factor set, when told to collect. */
function fakeHeap(startBytes: number): HeapControls & { factors: number[]; collect(): void } {
  let young = startBytes;
  let factor = 1;
  const factors: number[] = [];
  return {
    factors,
    youngBytes: () => young,
    setGrowthFactor(next) {
      factor = next;
      factors.push(next);
    },
    collect() {
      young *= factor;
    },
  };
}

const start = (cellCount: number, alreadyDone = 0): RunEvent => ({
  type: 'run-start',
  runId: 'r',
  resumed: alreadyDone > 0,
  cellCount,
  alreadyDone,
});
const batch: RunEvent = { type: 'batch-written', runId: 'r', cells: 256 };
const end: RunEvent = { type: 'run-end', runId: 'r', status: 'completed', totals: EMPTY_TOTALS };

describe('the young generation of a long run', () => {
  it('grows once to the run size from the first batch on, and is held there', () => {
    const heap = fakeHeap(2 * MiB);
    const young = new YoungGeneration(heap);
    young.handle(start(20_000));
    expect(heap.factors).toEqual([]);
    young.handle(batch);
    expect(heap.factors).toEqual([4]);
    young.handle(batch);
    expect(heap.factors).toEqual([4]);
    heap.collect();
    young.handle(batch);
    expect(heap.youngBytes()).toBe(RUN_YOUNG_BYTES);
    expect(heap.factors).toEqual([4, 1]);
    heap.collect();
    young.handle(batch);
    young.handle(end);
    expect(heap.youngBytes()).toBe(RUN_YOUNG_BYTES);
    expect(heap.factors).toEqual([4, 1]);
  });

  it('is held at the run end even if it never grew', () => {
    const heap = fakeHeap(2 * MiB);
    const young = new YoungGeneration(heap);
    young.handle(start(5_000));
    young.handle(batch);
    young.handle(end);
    expect(heap.factors).toEqual([4, 1]);
  });

  it('leaves a short run, the rest of a resumed run, and a grown heap alone', () => {
    for (const [bytes, event] of [
      [2 * MiB, start(LONG_RUN_CELLS - 1)],
      [2 * MiB, start(20_000, 19_500)],
      [RUN_YOUNG_BYTES, start(20_000)],
    ] as const) {
      const heap = fakeHeap(bytes);
      const young = new YoungGeneration(heap);
      young.handle(event);
      young.handle(batch);
      young.handle(batch);
      young.handle(end);
      expect(heap.factors).toEqual([]);
    }
  });

  it('picks the factor that reaches the run size in one growth', () => {
    const heap = fakeHeap(4.5 * MiB);
    const young = new YoungGeneration(heap);
    young.handle(start(20_000));
    young.handle(batch);
    expect(heap.factors).toEqual([2]);
  });

  it('reads the size of V8 young generation', () => {
    const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    expect(young?.space_size).toBeGreaterThan(0);
  });
});
