import { checkInput } from './check-input.ts';

/**
 * Holm's (1979) step-down adjustment: the i-th smallest of m p-values is multiplied by
 * (m − i + 1), then made monotone and capped at 1. Controls the family-wise error rate like
 * Bonferroni under any dependence between the tests, and never rejects less.
 * Returns adjusted p-values in the input order.
 */
export function holm(pValues: readonly number[]): number[] {
  for (const pValue of pValues)
    checkInput(pValue >= 0 && pValue <= 1, `p-values must lie in [0, 1], got ${pValue}`);
  const count = pValues.length;
  const order = pValues.map((_, index) => index).sort((left, right) => pValues[left]! - pValues[right]!);
  const adjusted = new Array<number>(count);
  let running = 0;
  for (let rank = 0; rank < count; rank++) {
    const index = order[rank]!;
    running = Math.max(running, Math.min(1, (count - rank) * pValues[index]!));
    adjusted[index] = running;
  }
  return adjusted;
}
