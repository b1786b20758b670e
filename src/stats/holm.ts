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

/**
 * The level each hypothesis is decided at by Holm's step-down procedure at family-wise level
 * `alpha`, in the input order: `min(α / (m − k + 1), α · p / p̃)` for the hypothesis ranked k of m
 * (p its p-value, p̃ its adjusted one). The first term is the level of its step; the second is
 * smaller only when an earlier step stopped the procedure (p̃ was raised to an earlier, larger
 * adjusted p-value), and makes `p ≤ level` hold exactly when `p̃ ≤ α`. A test, or an interval
 * that inverts it, at this level therefore decides as the whole procedure does.
 */
export function holmLevels(pValues: readonly number[], alpha: number): number[] {
  checkInput(alpha > 0 && alpha < 1, `alpha must lie between 0 and 1, got ${alpha}`);
  const adjusted = holm(pValues);
  const count = pValues.length;
  const order = pValues.map((_, index) => index).sort((left, right) => pValues[left]! - pValues[right]!);
  const levels = new Array<number>(count);
  for (let rank = 0; rank < count; rank++) {
    const index = order[rank]!;
    const step = alpha / (count - rank);
    const pValue = pValues[index]!;
    const adjustedPValue = adjusted[index]!;
    levels[index] = adjustedPValue > 0 ? Math.min(step, (alpha * pValue) / adjustedPValue) : step;
  }
  return levels;
}
