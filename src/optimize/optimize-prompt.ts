import type { EmbedFunction, JudgeFunction } from '../eval/assertions/assertion-context.ts';
import { compileAssertions, prepareAssertions } from '../eval/assertions/compile-assertions.ts';
import { collectTests } from '../eval/suite/iterate-tests.ts';
import { splitFrontMatter } from '../library/front-matter.ts';
import type { Library } from '../library/library.ts';
import type { Model } from '../models/model.ts';
import type { TokenCounter } from '../models/token-counter.ts';
import type { ModelParams, Price } from '../spec/model.ts';
import type { Suite } from '../spec/suite.ts';
import { RandomSource } from '../stats/random-source.ts';
import { LeaseKeeper } from '../store/lease-keeper.ts';
import {
  addSpend,
  NO_SPEND,
  type OptimizationStore,
  type Spend,
  subtractSpend,
} from '../store/optimization-store.ts';
import { describeOwner } from '../store/run-owner.ts';
import { PlumeError } from '../util/errors.ts';
import { Budget, BudgetExhausted, type BudgetLimits } from './budget.ts';
import { type Candidate, makeCandidate } from './candidate.ts';
import { CandidateEvaluator, type OptimizationTest, worstCase } from './evaluator.ts';
import { type HeldOutResult, heldOutComparison } from './held-out.ts';
import { SearchContext, type SearchEvent, type SearchSettings } from './search-context.ts';
import { type SplitShares, splitTests } from './split-tests.ts';
import { loadStrategy, type StrategyName } from './strategies/index.ts';

/** Fewest validation and held-out tests an optimization runs with. */
export const MIN_TESTS_PER_PART = 10;

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

/** What an optimization found. */
export interface OptimizationReport {
  id: string;
  prompt: string;
  startHash: string;
  model: string;
  strategies: { name: string; spent: Spend; candidates: number }[];
  split: { train: number; validation: number; test: number };
  start: { body: string; validationMean: number; validationTests: number };
  winner: {
    hash: string;
    body: string;
    origin: Candidate['origin'];
    validationMean: number;
    validationTests: number;
  };
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
  const tests = await optimizationTests(resources.suite);
  const split = splitTests(
    tests.map((entry) => entry.test),
    settings.split,
    settings.seed,
  );
  const byId = new Map(tests.map((entry) => [entry.test.id, entry]));
  const part = (list: readonly { id: string }[]) => list.map((test) => byId.get(test.id)!);
  const train = part(split.train);
  const validation = part(split.validation);
  const heldOutTests = part(split.test);
  if (validation.length < MIN_TESTS_PER_PART || heldOutTests.length < MIN_TESTS_PER_PART) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: `${tests.length} tests leave ${validation.length} for validation and ${heldOutTests.length} held out`,
      hint: `optimization needs at least ${MIN_TESTS_PER_PART} tests in each (with fewer, no lift can be shown significant): add tests — a few dozen at least — or change --split`,
      location: { file: resources.suite.file },
    });
  }
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
      allowCode: resources.suite.allowCode,
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
    const heldOutWorst = await heldOutReserve(startPrompt, heldOutTests, resources);
    budget.reserve(heldOutWorst);
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
    const strategies: OptimizationReport['strategies'] = [];
    let budgetExhausted = false;
    try {
      await context.race('start', []);
      context.recordPoint('start');
      for (const [index, name] of settings.strategies.entries()) {
        const strategy = await loadStrategy(name);
        context.strategiesAfter = settings.strategies.length - 1 - index;
        const before = budget.spent;
        const seen = context.scored.size;
        emit({ type: 'strategy-start', strategy: name });
        await strategy.run(context);
        const spent = subtractSpend(budget.spent, before);
        strategies.push({ name, spent, candidates: context.scored.size - seen });
        emit({ type: 'strategy-end', strategy: name, spent });
        context.recordPoint(name);
      }
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) fail(error);
      budgetExhausted = true;
    }
    budget.release();
    emit({ type: 'held-out' });
    const winner = context.incumbent;
    const heldOut = await heldOutComparison(evaluator, start, winner.candidate, heldOutTests).catch(fail);
    if (lease.lost) throw lease.takenOver();
    const startStanding = context.scored.get(start.hash)!;
    return {
      id,
      prompt: startPrompt.name,
      startHash: startPrompt.version.hash,
      model: settings.model,
      strategies,
      split: { train: train.length, validation: validation.length, test: heldOutTests.length },
      start: { body, validationMean: startStanding.mean, validationTests: startStanding.tests },
      winner: {
        hash: winner.candidate.hash,
        body: winner.candidate.body,
        origin: winner.candidate.origin,
        validationMean: winner.mean,
        validationTests: winner.tests,
      },
      candidatesTried: store.candidates(id).length,
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

function optimizationTakenOver(store: OptimizationStore, id: string): PlumeError {
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

/** The suite's tests with their checks compiled once. */
async function optimizationTests(suite: Suite): Promise<OptimizationTest[]> {
  const tests = await collectTests(suite);
  for (const test of tests) await prepareAssertions(test.assert);
  return tests.map((test) => ({
    test,
    assertions: compileAssertions(test.assert, {
      ...(test.threshold === undefined ? {} : { threshold: test.threshold }),
      locate: () => (test.line === undefined ? { file: test.file } : { file: test.file, line: test.line }),
    }),
  }));
}

/**
 * The held-out test's worst case: start and winner on every held-out test. The winner's prompt is
 * not known yet, so each call is counted at twice the starting prompt's length (room for added
 * demonstrations and instructions).
 */
async function heldOutReserve(
  start: Awaited<ReturnType<Library['resolve']>>,
  tests: readonly OptimizationTest[],
  resources: OptimizationResources,
): Promise<Spend> {
  let total: Spend = NO_SPEND;
  for (const { test, assertions } of tests) {
    const rendered = await start.render(test.vars).catch(() => undefined);
    const text = rendered === undefined ? '' : rendered.messages.map((message) => message.content).join('\n');
    const params = { ...(rendered?.params ?? {}), ...resources.params };
    const calls = 1 + (assertions.needsModels.size > 0 ? assertions.checks.length : 0);
    const one = worstCase(text + text, params, resources.price, calls);
    // Start and winner: two such calls a test.
    total = addSpend(total, addSpend(one, one));
  }
  return total;
}
