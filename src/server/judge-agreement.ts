import {
  isAssertionType,
  loadAssertionHandlers,
  loadedAssertionHandler,
} from '../eval/assertions/assertion-registry.ts';
import type { AssertionResult } from '../spec/assertion.ts';
import { cohenKappa, type KappaResult, passFailTable } from '../stats/cohen-kappa.ts';
import type { RatedVerdicts } from '../store/run-queries.ts';

/** How well one model-graded check agrees with people's pass/fail ratings of the same cells. */
export interface CheckAgreement extends KappaResult {
  /** The check's metric name, else its type; `#2` and on when a cell has several such checks. */
  name: string;
  type: string;
  /** 2×2 counts: rows the check (pass, fail), columns the person (pass, fail). */
  table: number[][];
  /** Verdicts left out because the check could not decide (its judge could not be reached, or none was set). */
  undecided: number;
}

/** Agreement of every model-graded check of a run with the people who rated its cells. */
export interface RunAgreement {
  /** Cells rated pass or fail. */
  ratedCells: number;
  checks: CheckAgreement[];
}

/**
 * Cohen's kappa between each model-graded check (a handler that declares `needsModel`) and the
 * person's pass/fail, over the rated cells where both gave a verdict. A check is known by its
 * metric name, else its type, so the same check across tests is pooled.
 */
export async function judgeAgreement(rated: Iterable<RatedVerdicts>): Promise<RunAgreement> {
  await loadAssertionHandlers();
  const byCheck = new Map<string, { type: string; pairs: [boolean, boolean][]; undecided: number }>();
  let ratedCells = 0;
  for (const cell of rated) {
    ratedCells += 1;
    const seen = new Map<string, number>();
    for (const result of modelGraded(cell.assertions)) {
      const base = result.metric ?? result.type;
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      const name = occurrence === 1 ? base : `${base} #${occurrence}`;
      const entry = byCheck.get(name) ?? { type: result.type, pairs: [], undecided: 0 };
      byCheck.set(name, entry);
      if (result.error) entry.undecided += 1;
      else entry.pairs.push([result.pass, cell.humanPass]);
    }
  }
  const checks = [...byCheck.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => {
      const table = passFailTable(entry.pairs);
      return { name, type: entry.type, table, undecided: entry.undecided, ...cohenKappa(table) };
    });
  return { ratedCells, checks };
}

/** The model-graded results among a cell's, groups opened. */
function* modelGraded(results: readonly AssertionResult[]): Generator<AssertionResult> {
  for (const result of results) {
    if (result.children !== undefined) yield* modelGraded(result.children);
    else if (needsModel(result.type)) yield result;
  }
}

function needsModel(type: string): boolean {
  const base = type.startsWith('not-') ? type.slice('not-'.length) : type;
  return isAssertionType(base) && loadedAssertionHandler(base)?.needsModel !== undefined;
}
