import { addSpend, NO_SPEND, type Spend, subtractSpend } from '../store/optimization-store.ts';

export type { Spend } from '../store/optimization-store.ts';

/** Limits on what an optimization may spend; an unset limit does not bind. */
export interface BudgetLimits {
  calls?: number;
  tokens?: number;
  usd?: number;
}

/**
 * What an optimization may still spend. Every call is checked against its worst case before it
 * is made (`canAfford`), so the limits are never exceeded; `charge` records what it really cost.
 * A reserve is held back for the held-out test, which runs last.
 */
export class Budget {
  readonly limits: BudgetLimits;
  #spent: Spend;
  /** The part of `#spent` that graders (model-graded checks) cost. */
  #graderSpent: Spend = NO_SPEND;
  #reserved: Spend = NO_SPEND;
  /** Worst cases of calls in flight. */
  #pending: Spend = NO_SPEND;

  constructor(limits: BudgetLimits, spent: Spend = NO_SPEND) {
    this.limits = limits;
    this.#spent = spent;
  }

  get spent(): Spend {
    return this.#spent;
  }

  /** The part of `spent` that graders cost (reported on a row of its own). */
  get graderSpent(): Spend {
    return this.#graderSpent;
  }

  /** Hold back `spend` (the held-out test's worst case) from what the search may use. */
  reserve(spend: Spend): void {
    this.#reserved = spend;
  }

  /** Give the reserve back (when the held-out test starts). */
  release(): void {
    this.#reserved = NO_SPEND;
  }

  /** Whether a call costing at most `worst` fits in what is left (reserve and calls in flight excluded). */
  canAfford(worst: Spend): boolean {
    const after = addSpend(addSpend(addSpend(this.#spent, this.#reserved), this.#pending), worst);
    return fits(after, this.limits);
  }

  /** Hold `worst` for a call about to be made; false (and nothing held) when it does not fit. */
  hold(worst: Spend): boolean {
    if (!this.canAfford(worst)) return false;
    this.#pending = addSpend(this.#pending, worst);
    return true;
  }

  /** A held call finished (or failed: `actual` is what it cost, possibly nothing; `grader` the part graders cost). */
  settle(worst: Spend, actual: Spend, grader: Spend = NO_SPEND): void {
    this.#pending = subtractSpend(this.#pending, worst);
    this.charge(actual, grader);
  }

  /** Count `spend` as spent; `grader` is the part of it that graders cost. */
  charge(spend: Spend, grader: Spend = NO_SPEND): void {
    this.#spent = addSpend(this.#spent, spend);
    this.#graderSpent = addSpend(this.#graderSpent, grader);
  }
}

/** Whether `spend` stays within every limit set. */
export function fits(spend: Spend, limits: BudgetLimits): boolean {
  if (limits.calls !== undefined && spend.calls > limits.calls) return false;
  if (limits.tokens !== undefined && spend.inputTokens + spend.outputTokens > limits.tokens) return false;
  if (limits.usd !== undefined && spend.costUsd > limits.usd + 1e-12) return false;
  return true;
}

/** A budget ran out: the search stops where it is and goes on to the held-out test. */
export class BudgetExhausted extends Error {
  constructor() {
    super('budget exhausted');
    this.name = 'BudgetExhausted';
  }
}
