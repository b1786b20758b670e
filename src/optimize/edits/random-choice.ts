/** One element of a non-empty list, chosen with `random` (a draw in [0, 1)). */
export function randomChoice<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}

/** A copy of `items` in a random order (Fisher–Yates), driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.min(index, Math.floor(random() * (index + 1)));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
