import { RandomSource } from '../../stats/random-source.ts';

/**
 * At most `size` of the items, chosen uniformly at random without replacement and deterministic
 * given the seed, kept in their original order. All of them when there are no more than `size`.
 */
export function sampleItems<T>(items: readonly T[], size: number, seed: number): T[] {
  if (items.length <= size) return [...items];
  const random = new RandomSource(seed);
  const indices = items.map((_, index) => index);
  for (let position = 0; position < size; position++) {
    const pick = position + random.nextIndex(indices.length - position);
    [indices[position], indices[pick]] = [indices[pick]!, indices[position]!];
  }
  return indices
    .slice(0, size)
    .sort((left, right) => left - right)
    .map((index) => items[index]!);
}
