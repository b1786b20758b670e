import { normalQuantile } from '../stats/distributions.ts';
import { BudgetExhausted } from './budget.ts';
import type { Candidate } from './candidate.ts';
import type { OptimizationTest, TestOutcome } from './evaluator.ts';

/** What the race needs from an evaluator (CandidateEvaluator in practice). */
export interface RaceEvaluator {
  evaluate(candidate: Candidate, tests: readonly OptimizationTest[]): Promise<TestOutcome[]>;
}

export interface RaceOptions {
  evaluator: RaceEvaluator;
  /** Validation tests, in a fixed order: every candidate is scored on a prefix of this list. */
  tests: readonly OptimizationTest[];
  /** Tests in the first rung (default 16). */
  minBatch?: number;
  /** Each rung keeps 1/eta of the candidates and gives them eta times the tests (default 2). */
  eta?: number;
  /** One-sided confidence with which a candidate is shown unable to win before it is dropped (default 0.95). */
  confidence?: number;
  /**
   * Fewest tests the race's winner is scored on (default: the first rung's): a candidate left
   * alone earlier goes on being scored until it has them, so no winner is picked on a handful.
   */
  minWinnerTests?: number;
  /** Score every candidate on every test (no racing): for comparison. */
  exhaustive?: boolean;
  onRung?: (rung: RungReport) => void;
}

/** A candidate's standing after a race. */
export interface Standing {
  candidate: Candidate;
  /** Mean pass (1/0) over the tests it was scored on. */
  mean: number;
  /** Mean score in [0, 1] over the same tests. */
  meanScore: number;
  tests: number;
  /** The rung at which it was dropped; undefined for candidates still in at the end. */
  droppedAt: number | undefined;
  /** Why it was dropped. */
  dropReason: 'interval' | 'halving' | undefined;
}

export interface RungReport {
  rung: number;
  tests: number;
  alive: number;
  droppedByInterval: number;
  droppedByHalving: number;
}

export interface RaceResult {
  /** Best first: the candidates still in, by mean; then the dropped ones, latest dropped first. */
  standings: Standing[];
  winner: Standing;
  rungs: RungReport[];
  /** The budget ran out during the race; the standings are those of the last rung completed. */
  budgetExhausted: boolean;
}

/**
 * Race candidates on growing prefixes of the validation tests (successive halving): each rung
 * scores the candidates still in on `minBatch · eta^rung` tests, drops those a paired one-sided
 * interval shows to be worse than the leader, then keeps the best 1/eta. Most candidates never
 * see the full set. Every candidate is scored on the same tests, so comparisons are paired.
 * Ties are broken by order: earlier candidates (the incumbent is passed first) win ties. A lone
 * survivor is scored on on to `minWinnerTests`.
 */
export async function race(candidates: readonly Candidate[], options: RaceOptions): Promise<RaceResult> {
  if (candidates.length === 0) throw new Error('race needs at least one candidate');
  const eta = options.eta ?? 2;
  const z = normalQuantile(options.confidence ?? 0.95, 0, 1);
  const total = options.tests.length;
  const firstBatch = options.exhaustive ? total : Math.min(total, Math.max(1, options.minBatch ?? 16));
  const winnerTests = Math.min(total, Math.max(firstBatch, options.minWinnerTests ?? firstBatch));
  const outcomes = new Map<Candidate, TestOutcome[]>();
  const dropped = new Map<Candidate, { rung: number; reason: 'interval' | 'halving' }>();
  let alive = [...candidates];
  const rungs: RungReport[] = [];
  let budgetExhausted = false;
  let size = firstBatch;
  for (let rung = 0; ; rung++) {
    const tests = options.tests.slice(0, size);
    const scored = new Map<Candidate, TestOutcome[]>();
    try {
      for (const candidate of alive)
        scored.set(candidate, await options.evaluator.evaluate(candidate, tests));
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      budgetExhausted = true;
      break;
    }
    for (const [candidate, result] of scored) outcomes.set(candidate, result);
    const report: RungReport = {
      rung,
      tests: size,
      alive: alive.length,
      droppedByInterval: 0,
      droppedByHalving: 0,
    };
    if (alive.length > 1 && !options.exhaustive) {
      const ranked = rank(alive, outcomes);
      const leader = outcomes.get(ranked[0]!)!;
      const survivors: Candidate[] = [ranked[0]!];
      for (const candidate of ranked.slice(1)) {
        if (cannotWin(outcomes.get(candidate)!, leader, z)) {
          dropped.set(candidate, { rung, reason: 'interval' });
          report.droppedByInterval++;
        } else survivors.push(candidate);
      }
      alive = survivors;
      if (size < total && alive.length > 1) {
        const keep = Math.max(1, Math.ceil(alive.length / eta));
        for (const candidate of alive.slice(keep)) {
          dropped.set(candidate, { rung, reason: 'halving' });
          report.droppedByHalving++;
        }
        alive = alive.slice(0, keep);
      }
    }
    rungs.push(report);
    options.onRung?.(report);
    if (size >= total || (alive.length <= 1 && size >= winnerTests)) break;
    // A lone survivor goes straight to the tests a winner needs.
    size = alive.length <= 1 ? winnerTests : Math.min(total, size * eta);
  }
  const standings = [
    ...rank(
      alive.filter((candidate) => outcomes.has(candidate)),
      outcomes,
    ).map((candidate) => standing(candidate, outcomes.get(candidate)!, undefined)),
    ...[...dropped.entries()]
      .sort((a, b) => b[1].rung - a[1].rung)
      .map(([candidate, drop]) => standing(candidate, outcomes.get(candidate)!, drop)),
  ];
  // A budget spent before the first rung finished leaves no scores: the first candidate stands, unscored.
  const winner = standings[0] ?? standing(candidates[0]!, [], undefined);
  return { standings: standings.length > 0 ? standings : [winner], winner, rungs, budgetExhausted };
}

/** Candidates by mean pass, then mean score; earlier candidates first on ties. */
function rank(candidates: readonly Candidate[], outcomes: Map<Candidate, TestOutcome[]>): Candidate[] {
  // Means computed once per candidate, not once per comparison of the sort.
  const keyed = candidates.map((candidate, order) => {
    const result = outcomes.get(candidate)!;
    return {
      candidate,
      order,
      pass: mean(result.map((outcome) => outcome.pass)),
      score: mean(result.map((outcome) => outcome.score)),
    };
  });
  keyed.sort((a, b) => b.pass - a.pass || b.score - a.score || a.order - b.order);
  return keyed.map((entry) => entry.candidate);
}

/**
 * Whether `candidate` is shown worse than `leader` on the same tests: the upper end of a one-sided
 * interval on the mean paired difference (pass and score averaged) is below 0. With no variation
 * in the differences, the interval uses the variance of a single discordant test, so a handful of
 * tests never counts as proof.
 */
export function cannotWin(
  candidate: readonly TestOutcome[],
  leader: readonly TestOutcome[],
  z: number,
): boolean {
  const n = candidate.length;
  if (n < 4) return false;
  const differences = candidate.map((outcome, index) => value(outcome) - value(leader[index]!));
  const average = mean(differences);
  const variance = differences.reduce((sum, d) => sum + (d - average) ** 2, 0) / (n - 1);
  const floor = 1 / n;
  const upper = average + z * Math.sqrt(Math.max(variance, floor) / n);
  return upper < 0;
}

function value(outcome: TestOutcome): number {
  return (outcome.pass + outcome.score) / 2;
}

function standing(
  candidate: Candidate,
  result: readonly TestOutcome[],
  drop: { rung: number; reason: 'interval' | 'halving' } | undefined,
): Standing {
  return {
    candidate,
    mean: mean(result.map((outcome) => outcome.pass)),
    meanScore: mean(result.map((outcome) => outcome.score)),
    tests: result.length,
    droppedAt: drop?.rung,
    dropReason: drop?.reason,
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}
