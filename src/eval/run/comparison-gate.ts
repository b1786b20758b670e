import type { CellRecord } from '../../spec/run.ts';
import type { CompareContext, JudgeFunction } from '../assertions/assertion-context.ts';
import { compareOutputs } from '../assertions/compare-outputs.ts';
import { summarizeResults } from '../assertions/summarize-results.ts';
import type { CellPlan, PlannedTest } from './plan-cells.ts';

/**
 * Holds back the cells of tests whose checks compare outputs (select-best) until every cell of
 * the test and repeat is in — one per prompt × model — then ranks their outputs together, adds
 * each cell's comparison results to its own and passes the cells on. Cells of other tests pass
 * straight through. Memory holds only the groups in flight (bounded by the scheduler's window).
 * `flush` releases groups that never completed (a stopped run, or a resumed one whose other
 * cells were stored earlier): their comparisons cover the cells that are there.
 */
export class ComparisonGate {
  readonly #groups = new Map<string, { test: PlannedTest; cells: CellRecord[] }>();
  readonly #groupSize: number;
  readonly #context: (test: PlannedTest) => CompareContext;
  readonly #release: (cell: CellRecord) => void;
  readonly #judgeFor: ((cellKey: string) => JudgeFunction) | undefined;

  constructor(options: {
    /** Cells of one test and repeat: prompts × models. */
    groupSize: number;
    context: (test: PlannedTest) => CompareContext;
    release: (cell: CellRecord) => void;
    /**
     * The judge journaled under a cell's key (a run that journals its answers): a group's
     * comparisons are kept under its first cell's, dropped when that cell is stored, so a run
     * killed before it resumes without paying for them twice.
     */
    judgeFor?: (cellKey: string) => JudgeFunction;
  }) {
    this.#groupSize = options.groupSize;
    this.#context = options.context;
    this.#release = options.release;
    this.#judgeFor = options.judgeFor;
  }

  /** Pass a finished cell on, or hold it for its group; a promise only when a group is compared. */
  add(plan: CellPlan, cell: CellRecord): Promise<void> | undefined {
    if (plan.test.assertions.comparisons.length === 0) {
      this.#release(cell);
      return undefined;
    }
    const key = `${plan.test.index}\n${plan.repeat}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { test: plan.test, cells: [] };
      this.#groups.set(key, group);
    }
    group.cells.push(cell);
    if (group.cells.length < this.#groupSize) return undefined;
    this.#groups.delete(key);
    return this.#compare(group.test, group.cells);
  }

  /** Release every group still held, compared over the cells it has. */
  async flush(): Promise<void> {
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    for (const group of groups) await this.#compare(group.test, group.cells);
  }

  #compareContext(test: PlannedTest, cells: readonly CellRecord[]): CompareContext {
    const context = this.#context(test);
    if (this.#judgeFor === undefined) return context;
    // The group's first cell in key order: the same one whatever order its cells finished in.
    const first = cells.map((cell) => cell.key).sort()[0]!;
    return { ...context, judge: this.#judgeFor(first) };
  }

  async #compare(test: PlannedTest, cells: CellRecord[]): Promise<void> {
    const answered = cells.filter((cell) => cell.error === undefined && cell.output !== undefined);
    const results =
      answered.length === 0
        ? []
        : await compareOutputs(
            test.assertions,
            answered.map((cell) => cell.output!),
            this.#compareContext(test, answered),
            answered.map((cell) => cell.assertions),
          );
    const extra = new Map(answered.map((cell, index) => [cell, results[index] ?? []]));
    for (const cell of cells) {
      const added = extra.get(cell);
      if (added === undefined || added.length === 0) {
        this.#release(cell);
        continue;
      }
      const assertions = [...cell.assertions, ...added];
      const summary = summarizeResults(assertions, test.assertions.threshold);
      this.#release({
        ...cell,
        assertions,
        pass: summary.undecided ? undefined : summary.pass,
        score: summary.undecided ? undefined : summary.score,
        reason: summary.reason,
      });
    }
  }
}
