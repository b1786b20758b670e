/**
 * Run `work` on each item of `source`, at most `window` at a time. The source is pulled only
 * when a slot is free, so a million-item source holds no more than `window` items in memory.
 * `work` should not throw: a thrown error stops the scheduling and is rethrown once the items in
 * flight have settled.
 */
export async function runWindowed<T>(
  source: AsyncIterable<T>,
  window: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let active = 0;
  // Resolved when an item settles and the loop is waiting for a slot (or for the last items).
  let wake: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  const settle = (): void => {
    active--;
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const slotFreed = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  for await (const item of source) {
    active++;
    work(item).then(settle, (error: unknown) => {
      failure ??= { error };
      settle();
    });
    if (active >= window) await slotFreed();
    if (failure !== undefined || signal?.aborted) break;
  }
  while (active > 0) await slotFreed();
  if (failure !== undefined) throw failure.error;
}
