import { type Spend, subtractSpend } from '../store/optimization-store.ts';
import type { Budget } from './budget.ts';

/** How far a part of an optimization got. */
export type PartOutcome = 'completed' | 'budget ran out' | 'not reached';

/**
 * One row of an optimization's spend. The rows add up exactly to what it spent: the baseline
 * (the starting prompt scored on the validation tests), each strategy (proposer calls and the
 * target calls of its races and bootstraps), the held-out test, and the graders (every judge
 * call of model-graded checks, wherever it was made).
 */
export interface SpendRow {
  part: string;
  kind: 'baseline' | 'strategy' | 'held-out' | 'graders';
  outcome: PartOutcome;
  spent: Spend;
  /** Candidates the part proposed and scored (0 for the baseline, held-out and graders rows). */
  candidates: number;
}

/**
 * Cuts an optimization's spend into rows at the boundaries of its parts. Every call has settled
 * when a part ends (the evaluator and proposer steps wait for calls in flight), so the deltas of
 * the budget's spend are exact.
 */
export class SpendLedger {
  readonly #budget: Budget;
  readonly #rows: SpendRow[] = [];
  #mark: { spent: Spend; grader: Spend };

  constructor(budget: Budget) {
    this.#budget = budget;
    this.#mark = { spent: budget.spent, grader: budget.graderSpent };
  }

  /** End a part: what was spent since the last one, less the graders' share. */
  close(part: string, kind: SpendRow['kind'], outcome: PartOutcome): void {
    const now = { spent: this.#budget.spent, grader: this.#budget.graderSpent };
    const all = subtractSpend(now.spent, this.#mark.spent);
    const grader = subtractSpend(now.grader, this.#mark.grader);
    this.#rows.push({ part, kind, outcome, spent: subtractSpend(all, grader), candidates: 0 });
    this.#mark = now;
  }

  /** The rows, with the graders' row when model-graded checks may make calls (or made some). */
  rows(graded: boolean): SpendRow[] {
    const grader = this.#budget.graderSpent;
    if (!graded && grader.calls === 0) return [...this.#rows];
    return [
      ...this.#rows,
      { part: 'graders', kind: 'graders', outcome: 'completed', spent: grader, candidates: 0 },
    ];
  }
}
