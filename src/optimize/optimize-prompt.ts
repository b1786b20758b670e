import type { EmbedFunction, JudgeFunction } from '../eval/assertions/assertion-context.ts';
import { splitFrontMatter } from '../library/front-matter.ts';
import type { Library } from '../library/library.ts';
import type { Model } from '../models/model.ts';
import type { TokenCounter } from '../models/token-counter.ts';
import type { ModelParams, Price } from '../spec/model.ts';
import type { Suite } from '../spec/suite.ts';
import { RandomSource } from '../stats/random-source.ts';
import { LeaseKeeper } from '../store/lease-keeper.ts';
import {
  type OptimizationStore,
  type Spend,
  subtractSpend as subtract,
} from '../store/optimization-store.ts';
import { describeOwner } from '../store/run-owner.ts';
import { PlumeError } from '../util/errors.ts';
import { Budget, BudgetExhausted, type BudgetLimits } from './budget.ts';
import { type Candidate, makeCandidate } from './candidate.ts';
import { CandidateEvaluator } from './evaluator.ts';
import { type HeldOutResult, heldOutComparison } from './held-out.ts';
import { assertMinimumBudget, type MinimumBudget, minimumBudget } from './minimum-budget.ts';
import { optimizationTestSets } from './optimization-tests.ts';
import { SearchContext, type SearchEvent, type SearchSettings } from './search-context.ts';
import { type PartOutcome, SpendLedger, type SpendRow } from './spend-ledger.ts';
import type { SplitShares } from './split-tests.ts';
import { loadStrategy, type StrategyName } from './strategies/index.ts';

/** Everything an optimization is run with; stored, so that a resume runs with the same. */
export interface OptimizationSettings {
  promptRef: string;
  suiteFile: string;
  model: string;
  proposer: string | undefined;
  strategies: StrategyName[];
  budget: BudgetLimits;
  split: SplitShares;
  seed: number;
  search: SearchSettings;
  concurrency: number;
}

/** The models and helpers an optimization calls, resolved by the caller (the CLI or a script). */
export interface OptimizationResources {
  library: Library;
  store: OptimizationStore;
  suite: Suite;
  model: Model;
  /** Parameters for the target model (the suite's entry for it). */
  params: ModelParams;
  price: Price | undefined;
  proposer: Model | undefined;
  proposerPrice: Price | undefined;
  judge?: JudgeFunction;
  embed?: EmbedFunction;
  tokenCounter: TokenCounter;
}

/**
 * What an optimization found. Validation figures of the start and the winner are on the same
 * tests (the first `minimum.winnerTests` validation tests); `spending`'s rows add up to `spent`.
 */
export interface OptimizationReport {
  id: string;
  prompt: string;
  startHash: string;
  model: string;
  /** The strategies' rows of `spending`, in the order they ran (none missing). */
  strategies: { name: string; spent: Spend; candidates: number; outcome: PartOutcome }[];
  /** Every part's spend: baseline, strategies, held-out test, graders; they add up to `spent`. */
  spending: SpendRow[];
  split: { train: number; validation: number; test: number };
  /** The least budget this optimization could run on, and how it splits. */
  minimum: MinimumBudget;
  start: { body: string; validationMean: number; validationTests: number };
  winner: {
    hash: string;
    body: string;
    origin: Candidate['origin'];
    validationMean: number;
    validationTests: number;
  };
  /** Candidates scored, the starting prompt not counted (the strategies' rows add up to it). */
  candidatesTried: number;
  heldOut: HeldOutResult | undefined;
  spent: Spend;
  budget: BudgetLimits;
  budgetExhausted: boolean;
  trajectory: { seq: number; strategy: string; score: number; tests: number; callsSpent: number }[];
}

export interface OptimizeOptions {
  settings: OptimizationSettings;
  resources: OptimizationResources;
  /** Continue this stored optimization (its settings must be `settings`). */
  resume?: string;
  onEvent?: (event: SearchEvent | { type: 'held-out' } | { type: 'started'; id: string }) => void;
  signal?: AbortSignal;
}

/**
 * Search for a better wording of a prompt within a budget, then prove it on held-out tests.
 * Tests are split (train for demonstrations and proposals, validation for racing, test touched
 * once at the end); strategies improve the incumbent in turn; the held-out test's worst case is
 * reserved from the start so it always runs. Everything scored is stored as it comes: a resumed
 * optimization replays the same steps from the store without paying twice.
 */
export async function optimizePrompt(options: OptimizeOptions): Promise<OptimizationReport> {
  const { settings, resources } = options;
  const emit = options.onEvent ?? (() => {});
  const startPrompt = await resources.library.resolve(settings.promptRef);
  const content = startPrompt.version.content;
  const { body } = splitFrontMatter(content, startPrompt.name);
  const frontMatter = content.slice(0, content.length - body.length);
  const sets = await optimizationTestSets(resources.suite, settings);
  const { train, validation, heldOut: heldOutTests } = sets;
  const minimum = await minimumBudget({
    prompt: startPrompt,
    basis: sets.basis,
    heldOut: heldOutTests,
    params: resources.params,
    price: resources.price,
  });
  // Refused before anything is created or spent: below it, the budget would buy no verdict.
  assertMinimumBudget(minimum, settings.budget);
  const { store } = resources;
  const id =
    options.resume ??
    store.create({
      promptName: startPrompt.name,
      startHash: startPrompt.version.hash,
      model: settings.model,
      settings: { ...settings },
    });
  if (options.resume !== undefined) store.claim(id);
  // Every call stops when the optimization is stopped or another process took it over.
  const lease = new LeaseKeeper({
    beat: () => store.heartbeat(id),
    takenOver: () => optimizationTakenOver(store, id),
    stop: options.signal,
  });
  // Stopped or failed: recorded as such, unless another process took it over (it is that one's to end).
  const signal = lease.signal;
  const fail = (error: unknown): never => {
    if (lease.lost || !store.setStatus(id, signal.aborted ? 'stopped' : 'failed')) throw lease.takenOver();
    throw error;
  };
  try {
    emit({ type: 'started', id });
    const budget = new Budget(settings.budget);
    const evaluator = new CandidateEvaluator({
      store,
      optimizationId: id,
      library: resources.library,
      promptName: startPrompt.name,
      frontMatter,
      model: resources.model,
      params: resources.params,
      price: resources.price,
      budget,
      allowCode: resources.suite.codePolicy !== 'none',
      allowDataCode: resources.suite.codePolicy === 'all',
      ...(resources.judge === undefined ? {} : { judge: resources.judge }),
      ...(resources.embed === undefined ? {} : { embed: resources.embed }),
      tokenCounter: resources.tokenCounter,
      concurrency: settings.concurrency,
      signal,
    });
    const start = makeCandidate(body, {
      strategy: 'start',
      description: 'the starting prompt',
      parent: undefined,
    });
    budget.reserve(minimum.heldOut);
    const random = new RandomSource(settings.seed);
    const context = new SearchContext({
      evaluator,
      budget,
      store,
      optimizationId: id,
      train,
      validation,
      proposer: resources.proposer,
      proposerPrice: resources.proposerPrice,
      settings: settings.search,
      random: () => random.nextIndex(4294967296) / 4294967296,
      emit,
      signal,
      start: {
        candidate: start,
        mean: 0,
        meanScore: 0,
        tests: 0,
        droppedAt: undefined,
        dropReason: undefined,
      },
    });
    const ledger = new SpendLedger(budget);
    /** Run a part; false when the budget ran out in it (the search stops there). */
    const part = async (run: () => Promise<unknown>): Promise<boolean> => {
      try {
        await run();
        return true;
      } catch (error) {
        if (error instanceof BudgetExhausted) return false;
        return fail(error);
      }
    };
    let budgetExhausted = !(await part(() => context.race('start', [])));
    const startBasis = context.incumbentBasis;
    context.recordPoint('start');
    ledger.close('baseline', 'baseline', budgetExhausted ? 'budget ran out' : 'completed');
    for (const [index, name] of settings.strategies.entries()) {
      if (budgetExhausted) {
        ledger.close(name, 'strategy', 'not reached');
        continue;
      }
      const strategy = await loadStrategy(name);
      context.strategiesAfter = settings.strategies.length - 1 - index;
      const before = budget.spent;
      emit({ type: 'strategy-start', strategy: name });
      budgetExhausted = !(await part(() => strategy.run(context)));
      context.recordPoint(name);
      ledger.close(name, 'strategy', budgetExhausted ? 'budget ran out' : 'completed');
      emit({ type: 'strategy-end', strategy: name, spent: subtract(budget.spent, before) });
    }
    budget.release();
    emit({ type: 'held-out' });
    const winner = context.incumbent;
    const winnerBasis = context.incumbentBasis;
    const heldOut = await heldOutComparison(evaluator, start, winner.candidate, heldOutTests).catch(fail);
    if (lease.lost) throw lease.takenOver();
    ledger.close('held-out', 'held-out', heldOut === undefined ? 'budget ran out' : 'completed');
    const tried = triedCandidates(store.candidates(id));
    const triedBy = (name: string) => tried.filter((candidate) => candidate.origin.strategy === name).length;
    const graded = sets.all.some((entry) => entry.assertions.needsModels.size > 0);
    const spending = ledger
      .rows(graded)
      .map((row) => (row.kind === 'strategy' ? { ...row, candidates: triedBy(row.part) } : row));
    return {
      id,
      prompt: startPrompt.name,
      startHash: startPrompt.version.hash,
      model: settings.model,
      strategies: spending
        .filter((row) => row.kind === 'strategy')
        .map((row) => ({
          name: row.part,
          spent: row.spent,
          candidates: row.candidates,
          outcome: row.outcome,
        })),
      spending,
      split: { train: train.length, validation: validation.length, test: heldOutTests.length },
      minimum,
      start: { body, validationMean: startBasis.mean, validationTests: startBasis.tests },
      winner: {
        hash: winner.candidate.hash,
        body: winner.candidate.body,
        origin: winner.candidate.origin,
        validationMean: winnerBasis.mean,
        validationTests: winnerBasis.tests,
      },
      candidatesTried: tried.length,
      heldOut,
      spent: budget.spent,
      budget: settings.budget,
      budgetExhausted,
      trajectory: store.trajectory(id).map(({ seq, strategy, score, tests, callsSpent }) => ({
        seq,
        strategy,
        score,
        tests,
        callsSpent,
      })),
    };
  } finally {
    lease.end();
  }
}

/** The error of a process whose optimization another process took over. */
export function optimizationTakenOver(store: OptimizationStore, id: string): PlumeError {
  const owner = store.owner(id);
  const who = owner === undefined ? '' : ` (${describeOwner(owner)})`;
  return new PlumeError({
    code: 'OPTIMIZATION_TAKEN_OVER',
    message: `another plume process took over optimization ${id}${who}; this one stopped; nothing was lost`,
    hint:
      'this process was stopped or stalled longer than the lease, so the optimization was taken for abandoned; ' +
      `what it scored stays stored, and the other process goes on with it (follow it with plume optimizations ${id})`,
  });
}

/** The candidates an optimization tried: every one it scored but the starting prompt. */
export function triedCandidates<T extends { origin: Record<string, unknown> }>(
  candidates: readonly T[],
): T[] {
  return candidates.filter((candidate) => candidate.origin.strategy !== 'start');
}
