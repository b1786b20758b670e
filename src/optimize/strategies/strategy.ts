import type { SearchContext } from '../search-context.ts';

/** Sizes an estimate is made from. */
export interface EstimateSizes {
  train: number;
  validation: number;
  candidates: number;
  iterations: number;
  minBatch: number;
  exhaustive: boolean;
  /** Validation tests a winner is scored on (default: all). */
  minWinnerTests?: number;
}

/** A strategy: how it runs, whether it needs a proposer model, and what it costs. */
export interface Strategy {
  run(context: SearchContext): Promise<void>;
  needsProposer: boolean;
  /** One line: what the strategy spends its calls on. */
  cost: string;
  /** Expected calls: target-model calls and proposer calls (an estimate; the budget is the limit). */
  estimate(sizes: EstimateSizes): { targetCalls: number; proposerCalls: number };
}

/**
 * Calls a race of `field` candidates (the incumbent included, already scored) is expected to
 * make; a lone survivor is scored on until it has the tests a winner needs.
 */
export function raceCalls(field: number, sizes: EstimateSizes): number {
  if (sizes.exhaustive) return (field - 1) * sizes.validation;
  const winnerTests = Math.min(sizes.validation, sizes.minWinnerTests ?? sizes.validation);
  let calls = 0;
  let alive = field;
  let previous = 0;
  for (let size = Math.min(sizes.minBatch, sizes.validation); ; ) {
    calls += alive * (size - previous);
    previous = size;
    if (size >= sizes.validation || (alive <= 1 && size >= winnerTests)) break;
    if (alive > 1) alive = Math.ceil(alive / 2);
    size = alive <= 1 ? Math.max(size, winnerTests) : Math.min(sizes.validation, size * 2);
  }
  // The incumbent's own scores are usually known already.
  return Math.max(0, calls - Math.min(sizes.validation, previous));
}
