import type { BudgetLimits } from '../optimize/budget.ts';
import { type OptimizationReport, triedCandidates } from '../optimize/optimize-prompt.ts';
import type { FinishedReport, SaveOutcome } from '../optimize/save-winner.ts';
import type { SpendRow } from '../optimize/spend-ledger.ts';
import type {
  OptimizationRecord,
  OptimizationStore,
  Spend,
  TrajectoryPoint,
} from '../store/optimization-store.ts';

/** One row of the optimizations list. */
export interface OptimizationListItem {
  id: string;
  prompt: string;
  model: string;
  status: OptimizationRecord['status'];
  createdAt: string;
  finishedAt: string | undefined;
  callsSpent: number;
  budget: BudgetLimits;
  /** The held-out lift (winner minus start, 0–1) with its 95% interval, once finished. */
  heldOut: { lift: number; low: number; high: number; significant: boolean; tests: number } | undefined;
  /** Whether the winner was saved, and why (once finished; absent for optimizations before it was recorded). */
  saved: boolean | undefined;
}

/** How far a strategy got: done (its spend is known), cut short, or never started. */
export type StrategyOutcome =
  | 'completed'
  | 'running'
  | 'budget ran out'
  | 'stopped'
  | 'interrupted'
  | 'failed'
  | 'not reached';

/** A strategy of an optimization with the candidates it proposed. */
export interface StrategySummary {
  name: string;
  outcome: StrategyOutcome;
  /** What it spent; known for completed strategies only. */
  spent: Spend | undefined;
  candidates: { hash: string; seq: number; description: string; parent: string | undefined }[];
}

/** An optimization in full: the record, its report, the trajectory and the strategies. */
export interface OptimizationDetail extends Omit<OptimizationRecord, 'report'> {
  report: OptimizationReport | undefined;
  /** What became of the winner (saved or kept out, and why), once finished. */
  outcome: SaveOutcome | undefined;
  /** Every part's spend (baseline, strategies, held-out test, graders), adding up to `spent`; once finished. */
  spending: SpendRow[] | undefined;
  spent: Spend;
  budget: BudgetLimits;
  trajectory: TrajectoryPoint[];
  /** Candidates tried, the starting prompt not counted (the report's `candidatesTried`). */
  candidates: number;
  strategies: StrategySummary[];
}

/** A list row: figures a reader scans for (spend, held-out lift) without the report's bodies. */
export function optimizationListItem(
  record: OptimizationRecord,
  store: OptimizationStore,
): OptimizationListItem {
  const report = reportOf(record);
  const heldOut = report?.heldOut;
  return {
    id: record.id,
    prompt: record.promptName,
    model: record.model,
    status: record.status,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    callsSpent: (report?.spent ?? store.spent(record.id)).calls,
    budget: budgetOf(record),
    heldOut:
      heldOut === undefined
        ? undefined
        : {
            lift: heldOut.lift,
            low: heldOut.low,
            high: heldOut.high,
            significant: heldOut.significant,
            tests: heldOut.tests,
          },
    saved: report?.outcome?.saved,
  };
}

/** Everything the optimization page shows. */
export function optimizationDetail(record: OptimizationRecord, store: OptimizationStore): OptimizationDetail {
  const report = reportOf(record);
  const candidates = store.candidates(record.id);
  return {
    ...record,
    report,
    outcome: report?.outcome,
    spending: report?.spending,
    spent: report?.spent ?? store.spent(record.id),
    budget: budgetOf(record),
    trajectory: store.trajectory(record.id),
    candidates: triedCandidates(candidates).length,
    strategies: strategySummaries(record, report, candidates),
  };
}

type StoredCandidate = ReturnType<OptimizationStore['candidates']>[number];

/**
 * The strategies in the order they ran. A strategy that finished has its spend in the report;
 * the first one that did not was cut short (by the budget, a stop or a failure) and the rest
 * never started.
 */
function strategySummaries(
  record: OptimizationRecord,
  report: OptimizationReport | undefined,
  candidates: readonly StoredCandidate[],
): StrategySummary[] {
  const rows = new Map((report?.strategies ?? []).map((entry) => [entry.name, entry]));
  const listed = Array.isArray(record.settings.strategies) ? (record.settings.strategies as string[]) : [];
  const proposed = candidates.map((candidate) => text(candidate.origin.strategy));
  const names = [...new Set([...listed, ...proposed])].filter((name) => name !== 'start');
  let cut = false;
  return names.map((name) => {
    const row = rows.get(name);
    // A report's row says how far its strategy got (older reports listed completed ones only).
    let outcome: StrategyOutcome = row?.outcome ?? 'completed';
    const spent = row === undefined || outcome === 'not reached' ? undefined : row.spent;
    if (row === undefined) {
      outcome = cut ? 'not reached' : record.status === 'finished' ? 'budget ran out' : record.status;
      cut = true;
    }
    return {
      name,
      outcome,
      spent,
      candidates: candidates
        .filter((candidate) => candidate.origin.strategy === name)
        .map((candidate) => ({
          hash: candidate.hash,
          seq: candidate.seq,
          description: text(candidate.origin.description),
          parent: typeof candidate.origin.parent === 'string' ? candidate.origin.parent : undefined,
        })),
    };
  });
}

/** The stored report; fields added since (outcome, spending, rows' outcomes) may be absent from older ones. */
function reportOf(record: OptimizationRecord): (Partial<FinishedReport> & OptimizationReport) | undefined {
  return record.report as (Partial<FinishedReport> & OptimizationReport) | undefined;
}

function budgetOf(record: OptimizationRecord): BudgetLimits {
  const budget = record.settings.budget;
  return typeof budget === 'object' && budget !== null ? (budget as BudgetLimits) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
