import type { RecordedTest, RunTestStore } from '../../store/run-test-store.ts';
import type { PlannedTest } from './plan-cells.ts';
import { recordedVars } from './recorded-vars.ts';

/** Tests held before they are written, at most: a resume whose cells are all done writes no cells. */
const MOST_PENDING = 512;

/**
 * Records a run's tests (their ids and variables) as they are planned, in batches: flushed before
 * each batch of cells, so a stored cell's test is always recorded, and at the end of the run.
 */
export class TestRecorder {
  readonly #store: RunTestStore;
  readonly #runId: string;
  #pending: RecordedTest[] = [];

  constructor(store: RunTestStore, runId: string) {
    this.#store = store;
    this.#runId = runId;
  }

  add(planned: PlannedTest): void {
    this.#pending.push({ index: planned.index, id: planned.test.id, vars: recordedVars(planned.test.vars) });
    if (this.#pending.length >= MOST_PENDING) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    const tests = this.#pending;
    this.#pending = [];
    this.#store.record(this.#runId, tests);
  }
}
