/**
 * Items that may wait (for a retry) per slot of the window. A Retry-After of a second against answers
 * of tens of milliseconds leaves many more calls waiting than running: with one per slot, a 30% fault
 * mix took 3.2× the fault-free time, with 3 per slot 2.4× (bench/fault-run.ts).
 */
const WAITING_PER_SLOT = 3;

/**
 * Run `work` on each item of `source`, at most `window` at a time. The source is pulled only
 * when a slot is free, so a million-item source holds no more than `window` items in memory, or
 * `(1 + WAITING_PER_SLOT) × window` with items waiting: an item whose work says it is waiting (`onWait(true)`: a call
 * waiting for its retry) gives its slot to the next item until it says it goes on (`onWait(false)`),
 * so a run of fast calls is not held up by the few that wait seconds for a Retry-After. Past
 * `WAITING_PER_SLOT × window` items waiting so, the others keep their slots while they wait.
 * `work` should not throw: a thrown error stops the scheduling and is rethrown once the items in
 * flight have settled.
 */
export async function runWindowed<T>(
  source: AsyncIterable<T>,
  window: number,
  work: (item: T, onWait: (waiting: boolean) => void) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let active = 0;
  let waiting = 0;
  // Resolved when a slot is freed and the loop is waiting for one (or for the last items).
  let wake: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  const freed = (): void => {
    const waiter = wake;
    wake = undefined;
    waiter?.();
  };
  const slotFreed = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  const start = (item: T): void => {
    let away = false;
    const onWait = (now: boolean): void => {
      if (now === away || (now && waiting >= WAITING_PER_SLOT * window)) return;
      away = now;
      waiting += now ? 1 : -1;
      active += now ? -1 : 1;
      if (now) freed();
    };
    const settle = (): void => {
      onWait(false);
      active--;
      freed();
    };
    active++;
    work(item, onWait).then(settle, (error: unknown) => {
      failure ??= { error };
      settle();
    });
  };
  for await (const item of source) {
    start(item);
    while (active >= window) await slotFreed();
    if (failure !== undefined || signal?.aborted) break;
  }
  while (active + waiting > 0) await slotFreed();
  if (failure !== undefined) throw failure.error;
}
