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
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of source) {
    const task: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= window) await Promise.race(inFlight);
    if (failure !== undefined || signal?.aborted) break;
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure.error;
}
