/** One step of turning one sequence into another. */
export interface DiffStep<T> {
  kind: 'same' | 'removed' | 'added';
  value: T;
}

/**
 * The steps from `a` to `b` by longest common subsequence: what both keep, what `a` loses, what
 * `b` gains, in order (a removal before the addition that replaces it). Quadratic: for prompts.
 */
export function sequenceDiff<T>(a: readonly T[], b: readonly T[]): DiffStep<T>[] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  const steps: DiffStep<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      steps.push({ kind: 'same', value: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      steps.push({ kind: 'removed', value: a[i]! });
      i++;
    } else {
      steps.push({ kind: 'added', value: b[j]! });
      j++;
    }
  }
  return steps;
}
