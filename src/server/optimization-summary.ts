import type { BudgetLimits } from '../optimize/budget.ts';
import type { OptimizationReport } from '../optimize/optimize-prompt.ts';
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
  spent: Spend;
  budget: BudgetLimits;
  trajectory: TrajectoryPoint[];
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
  };
}

/** Everything the optimization page shows. */
export function optimizationDetail(record: OptimizationRecord, store: OptimizationStore): OptimizationDetail {
  const report = reportOf(record);
  const candidates = store.candidates(record.id);
  return {
    ...record,
    report,
    spent: report?.spent ?? store.spent(record.id),
    budget: budgetOf(record),
    trajectory: store.trajectory(record.id),
    candidates: candidates.length,
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
  const completed = new Map((report?.strategies ?? []).map((entry) => [entry.name, entry.spent]));
  const listed = Array.isArray(record.settings.strategies) ? (record.settings.strategies as string[]) : [];
  const proposed = candidates.map((candidate) => text(candidate.origin.strategy));
  const names = [...new Set([...listed, ...proposed])].filter((name) => name !== 'start');
  let cut = false;
  return names.map((name) => {
    const spent = completed.get(name);
    let outcome: StrategyOutcome = 'completed';
    if (spent === undefined) {
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

function reportOf(record: OptimizationRecord): OptimizationReport | undefined {
  return record.report as OptimizationReport | undefined;
}

function budgetOf(record: OptimizationRecord): BudgetLimits {
  const budget = record.settings.budget;
  return typeof budget === 'object' && budget !== null ? (budget as BudgetLimits) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
