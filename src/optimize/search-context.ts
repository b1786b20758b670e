import type { Model } from '../models/model.ts';
import type { Price } from '../spec/model.ts';
import { NO_SPEND, type OptimizationStore, type Spend } from '../store/optimization-store.ts';
import { type Budget, BudgetExhausted, type BudgetLimits } from './budget.ts';
import type { Candidate } from './candidate.ts';
import type { CandidateEvaluator, OptimizationTest } from './evaluator.ts';
import { type RaceOptions, type RaceResult, race, type Standing } from './race.ts';

/** Something the search tells whoever shows its progress. */
export type SearchEvent =
  | { type: 'strategy-start'; strategy: string }
  | { type: 'step'; strategy: string; description: string; candidates: number }
  | {
      type: 'best';
      strategy: string;
      candidate: Candidate;
      mean: number;
      tests: number;
      spent: Spend;
      limits: BudgetLimits;
    }
  | { type: 'strategy-end'; strategy: string; spent: Spend };

/** Tuning of the search shared by every strategy. */
export interface SearchSettings {
  /** Candidates proposed per step (edits, OPRO proposals, ...). */
  candidates: number;
  /** Steps per strategy (edit rounds, OPRO iterations, ProTeGi rounds). */
  iterations: number;
  /** Validation tests in the first racing rung. */
  minBatch: number;
  /** Score every candidate on every validation test instead of racing (for comparisons). */
  exhaustive: boolean;
  /**
   * Validation tests a candidate must be scored on before it can replace the incumbent (the
   * first this many: the basis every best-so-far figure is on); undefined means all of them.
   */
  minWinnerTests?: number;
}

/** A pass rate and mean score on the first `tests` validation tests. */
export interface BasisScore {
  mean: number;
  meanScore: number;
  tests: number;
}

/** How many validation tests a winner needs: the setting, within 1 and the validation set's size. */
export function winnerTestCount(
  settings: Pick<SearchSettings, 'minWinnerTests'>,
  validation: number,
): number {
  return Math.max(1, Math.min(validation, settings.minWinnerTests ?? validation));
}

/**
 * What a strategy works with: the tests, the evaluator, the proposer model, the budget, a seeded
 * random stream and the incumbent (the best candidate so far), which strategies improve in turn.
 */
export class SearchContext {
  readonly evaluator: CandidateEvaluator;
  readonly budget: Budget;
  readonly store: OptimizationStore;
  readonly optimizationId: string;
  readonly train: readonly OptimizationTest[];
  readonly validation: readonly OptimizationTest[];
  readonly proposer: Model | undefined;
  /** The proposer's list price, for worst-case checks of proposer steps. */
  readonly proposerPrice: Price | undefined;
  readonly settings: SearchSettings;
  readonly random: () => number;
  readonly emit: (event: SearchEvent) => void;
  readonly signal: AbortSignal | undefined;
  /**
   * How many strategies run after the current one: a strategy that sizes itself to the budget
   * leaves them their share of what is left (the driver sets it before each strategy).
   */
  strategiesAfter = 0;
  #incumbent: Standing;
  /** The incumbent's score on the basis (zero tests until the start has been scored on it). */
  #incumbentBasis: BasisScore = { mean: 0, meanScore: 0, tests: 0 };
  /** The first validation tests, on which every candidate that becomes the incumbent is compared. */
  readonly basis: readonly OptimizationTest[];
  /** Every race's standings, for OPRO's trajectory and the report. */
  readonly scored = new Map<string, Standing>();
  #trajectorySeq: number;
  #lastPoint: string | undefined;
  readonly #chargedSteps = new Set<string>();

  constructor(options: {
    evaluator: CandidateEvaluator;
    budget: Budget;
    store: OptimizationStore;
    optimizationId: string;
    train: readonly OptimizationTest[];
    validation: readonly OptimizationTest[];
    proposer: Model | undefined;
    proposerPrice: Price | undefined;
    settings: SearchSettings;
    random: () => number;
    emit: (event: SearchEvent) => void;
    signal: AbortSignal | undefined;
    start: Standing;
  }) {
    this.evaluator = options.evaluator;
    this.budget = options.budget;
    this.store = options.store;
    this.optimizationId = options.optimizationId;
    this.train = options.train;
    this.validation = options.validation;
    this.proposer = options.proposer;
    this.proposerPrice = options.proposerPrice;
    this.settings = options.settings;
    this.random = options.random;
    this.emit = options.emit;
    this.signal = options.signal;
    this.#incumbent = options.start;
    this.basis = options.validation.slice(0, winnerTestCount(options.settings, options.validation.length));
    this.scored.set(options.start.candidate.hash, options.start);
    // A resumed optimization replays the same steps: its points overwrite the stored ones.
    this.#trajectorySeq = 0;
  }

  get incumbent(): Standing {
    return this.#incumbent;
  }

  /** The incumbent's pass rate and mean score on the basis tests. */
  get incumbentBasis(): BasisScore {
    return this.#incumbentBasis;
  }

  /**
   * Race `candidates` against the incumbent (always first, so it wins ties) on the validation
   * tests. The race's winner becomes the incumbent (and a trajectory point) only when it has
   * been scored on every basis test and beats the incumbent there, on the same tests: so the
   * best so far never goes down and is always a rate on the same tests. The first race (the
   * start alone) scores the start on the basis.
   */
  async race(
    strategy: string,
    candidates: readonly Candidate[],
    overrides: Partial<RaceOptions> = {},
  ): Promise<RaceResult> {
    const incumbent = this.#incumbent.candidate;
    const field = [incumbent, ...candidates.filter((candidate) => candidate.hash !== incumbent.hash)];
    const unique = [...new Map(field.map((candidate) => [candidate.hash, candidate])).values()];
    const result = await race(unique, {
      evaluator: this.evaluator,
      tests: this.validation,
      minBatch: this.settings.minBatch,
      minWinnerTests: this.basis.length,
      exhaustive: this.settings.exhaustive,
      ...overrides,
    });
    for (const standing of result.standings) {
      const known = this.scored.get(standing.candidate.hash);
      if (known === undefined || known.tests <= standing.tests)
        this.scored.set(standing.candidate.hash, standing);
    }
    if (this.#incumbentBasis.tests < this.basis.length) {
      const own = result.standings.find((standing) => standing.candidate.hash === incumbent.hash);
      if (own !== undefined && own.tests >= this.basis.length)
        this.#incumbentBasis = await this.basisScore(incumbent);
    }
    const winner = result.winner;
    const challenger =
      winner.candidate.hash !== incumbent.hash && winner.tests >= this.basis.length
        ? await this.basisScore(winner.candidate)
        : undefined;
    if (challenger !== undefined && beats(challenger, this.#incumbentBasis)) {
      this.#incumbent = winner;
      this.#incumbentBasis = challenger;
      this.emit({
        type: 'best',
        strategy,
        candidate: winner.candidate,
        mean: challenger.mean,
        tests: challenger.tests,
        spent: this.budget.spent,
        limits: this.budget.limits,
      });
      this.recordPoint(strategy);
    } else {
      const again = result.standings.find((standing) => standing.candidate.hash === incumbent.hash);
      if (again !== undefined && again.tests >= this.#incumbent.tests) this.#incumbent = again;
    }
    if (result.budgetExhausted) throw new BudgetExhausted();
    return result;
  }

  /**
   * A candidate's pass rate and mean score on the basis tests, from its stored results (scored
   * now for any not stored yet, which a candidate that reached the basis in a race never has).
   */
  async basisScore(candidate: Candidate): Promise<BasisScore> {
    const outcomes = await this.evaluator.evaluate(candidate, this.basis);
    const average = (values: number[]) =>
      values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      mean: average(outcomes.map((outcome) => outcome.pass)),
      meanScore: average(outcomes.map((outcome) => outcome.score)),
      tests: outcomes.length,
    };
  }

  /**
   * Add the incumbent to the trajectory, at its score on the basis tests (unless the last point
   * already shows it, or the start has not been scored on the basis yet).
   */
  recordPoint(strategy: string): void {
    const spent = this.budget.spent;
    if (this.#incumbentBasis.tests === 0) return;
    const shown = this.#incumbent.candidate.hash;
    if (shown === this.#lastPoint) return;
    this.#lastPoint = shown;
    this.store.addTrajectoryPoint(this.optimizationId, {
      seq: this.#trajectorySeq++,
      strategy,
      candidateHash: this.#incumbent.candidate.hash,
      score: this.#incumbentBasis.mean,
      tests: this.#incumbentBasis.tests,
      callsSpent: spent.calls,
      costSpent: spent.costUsd,
    });
  }

  /**
   * A proposer step, memoized in the store under `key`: on resume its stored value is returned
   * and nothing is spent again. `worstCalls` is checked against the budget before it runs.
   */
  async memo<T>(key: string, worst: Spend, compute: () => Promise<{ value: T; spent: Spend }>): Promise<T> {
    const stored = this.store.step<T>(this.optimizationId, key);
    if (stored !== undefined) {
      // Counted as when it was paid for (see CandidateEvaluator), once per process.
      if (!this.#chargedSteps.has(key)) this.budget.charge(stored.spend);
      this.#chargedSteps.add(key);
      return stored.value;
    }
    this.#chargedSteps.add(key);
    if (!this.budget.hold(worst)) throw new BudgetExhausted();
    let spent: Spend = NO_SPEND;
    try {
      const result = await compute();
      spent = result.spent;
      this.store.saveStep(this.optimizationId, key, result.value, result.spent);
      return result.value;
    } finally {
      this.budget.settle(worst, spent);
    }
  }
}

/**
 * Whether `challenger` ranks above `incumbent` on the same tests: a higher pass rate, or as high
 * with a higher mean score. An incumbent not yet scored on them is never replaced (no comparison).
 */
function beats(challenger: BasisScore, incumbent: BasisScore): boolean {
  if (incumbent.tests !== challenger.tests) return false;
  return (
    challenger.mean > incumbent.mean ||
    (challenger.mean === incumbent.mean && challenger.meanScore > incumbent.meanScore)
  );
}
