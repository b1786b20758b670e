import type { Library } from '../../library/library.ts';
import { askedModelRef, connectedRef } from '../../models/model-ref.ts';
import type { ModelRegistry } from '../../models/registry.ts';
import { DEFAULT_MODERATION_REF } from '../../models/service-calls.ts';
import { APPROXIMATE_TOKEN_COUNTER, tokenCounterFor } from '../../models/token-counter.ts';
import type { AssertionResult } from '../../spec/assertion.ts';
import type { GenerateResult } from '../../spec/model.ts';
import type {
  CellRecord,
  ManifestModel,
  RunEvent,
  RunManifest,
  RunSelection,
  RunStatus,
  RunTotals,
} from '../../spec/run.ts';
import type { Suite, SuiteModel } from '../../spec/suite.ts';
import type { RunStore } from '../../store/run-store.ts';
import { isPlumeError, locatedError } from '../../util/errors.ts';
import type { EmbedFunction, ModerateFunction } from '../assertions/assertion-context.ts';
import { holdUserCodeSandbox } from '../code/user-code-sandbox.ts';
import { CellSink, type SinkOptions } from './cell-sink.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { ComparisonGate } from './comparison-gate.ts';
import { type CellJournal, type ExecutionContext, executeCell, type RunModel } from './execute-cell.ts';
import { type JudgeModels, journaledJudge } from './journaled-judge.ts';
import { openRun } from './open-run.ts';
import { type CellPlan, type PlannedTest, pairCount, planAxes, planCells } from './plan-cells.ts';
import {
  checkGrader,
  type GraderSettings,
  graderOfManifest,
  judgeRef,
  SelfGradingCheck,
} from './run-grader.ts';
import { RunLease } from './run-lease.ts';
import { type RunPrompt, resolveRunPrompts } from './run-prompts.ts';
import { RunWarnings } from './run-warnings.ts';
import { runWindowed } from './scheduler.ts';
import { TestCode } from './test-code.ts';
import { TestRecorder } from './test-recorder.ts';
import { selectTestBatches } from './test-selection.ts';

/**
 * Cells in flight when neither the command line nor the suite says. Calls are capped by each
 * provider's own limit (8 for hosted APIs, 4 for a local server, `concurrency` in plume.yaml), so
 * this bounds memory and lets cells that need no call — cached answers, the echo and sim providers —
 * go by in batches: the cached lookups of the cells in flight cost one query. A fully cached
 * 20,000-cell re-run took 1.85 s with 8, 1.77 s with 32, and 2.09 s with 64, whose cells in
 * flight outlive more young-generation collections (best of 4 runs each).
 */
export const DEFAULT_CONCURRENCY = 32;

/** What runEvaluation needs: the suite, where prompts, models and runs come from, and how to run. */
export interface EvaluationOptions {
  suite: Suite;
  library: Library;
  registry: ModelRegistry;
  store: RunStore;
  selection?: RunSelection;
  /** Overrides the suite's repeats. */
  repeats?: number;
  cache?: 'use' | 'off';
  maxConcurrency?: number;
  /** The model used when the suite names none. */
  defaultModelRef?: string;
  /** Continue this run: only cells not yet stored are run. */
  resume?: string;
  /** Run again the cells of this run whose call failed. */
  retryErrors?: string;
  /** Run this earlier run again as a new run: same manifest, same prompt versions (cached answers are reused). */
  replay?: string;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
  sink?: SinkOptions;
  breakerThreshold?: number;
  /** Embeds texts for `similar` and `answer-relevance` checks; without it they are undecided (and the run says so once). */
  embed?: EmbedFunction;
  /**
   * Whether `embed` answers checks that name no embedding model (a local one is configured);
   * defaults to whether there is an `embed`. Else the run says once that those are undecided.
   */
  canEmbed?: boolean;
  /** plume.yaml's settings that choose the grader of model-graded checks (see resolveRunGrader). */
  graderSettings?: GraderSettings;
}

/** How a run ended. */
export interface EvaluationOutcome {
  runId: string;
  status: RunStatus;
  manifest: RunManifest;
  totals: RunTotals;
}

/**
 * Run a suite: plan the matrix (prompt versions × models × tests × repeats) as a stream, run at most
 * `maxConcurrency` cells at a time, and write finished cells to the store in batches. A killed run
 * is continued with `resume`; cells already stored are not run again.
 */
export async function runEvaluation(evaluation: EvaluationOptions): Promise<EvaluationOutcome> {
  const { suite, store } = evaluation;
  const emit = evaluation.onEvent ?? (() => {});
  const previousId = evaluation.resume ?? evaluation.retryErrors;
  const pinnedId = previousId ?? evaluation.replay;
  const pinned = pinnedId === undefined ? undefined : store.getRun(pinnedId).manifest.prompts;
  const prompts = await resolveRunPrompts(
    evaluation.library,
    suite.prompts,
    pinned,
    suite.locator?.prompt,
    suite.codePolicy !== 'none',
  );
  const { runId, manifest, resumed } = await openRun({
    ...evaluation,
    prompts,
    ...(previousId === undefined ? {} : { previousId }),
    ...(evaluation.replay === undefined ? {} : { replayId: evaluation.replay }),
    providerNames: evaluation.registry.providerNames(),
    checkGrader: (grader) => checkGrader(evaluation.registry, grader, suite, evaluation.graderSettings),
  });
  const retrying = evaluation.retryErrors !== undefined;
  // Every call stops when the run is stopped or another process took it over.
  const lease = new RunLease(store, runId, evaluation.signal);
  const options: EvaluationOptions = { ...evaluation, signal: lease.signal };
  const journal = manifest.cache === 'off' ? runJournal(store, runId, resumed) : undefined;
  let models: RunModel[];
  const grader = graderOfManifest(manifest);
  try {
    // A model is reported where it was written: in the suite, else plume.yaml's defaultModel.
    const { project } = options.library;
    const writtenAt = (index: number) => {
      if (suite.models.length > 0) return suite.locator?.model(index);
      const isDefault = manifest.models[index]?.ref === project.config.defaultModel;
      return isDefault ? project.locateConfig?.(['defaultModel']) : undefined;
    };
    models = await Promise.all(
      manifest.models.map((model, index) =>
        runModel(options, model, suite.models[index], journal).catch((error: unknown) => {
          throw locatedError(error, writtenAt(index));
        }),
      ),
    );
    // A resumed or replayed run's grader, recorded before: plume.yaml may have changed since.
    if (resumed || options.replay !== undefined) {
      await checkGrader(options.registry, grader, suite, options.graderSettings);
    }
  } catch (error) {
    lease.end();
    store.finishHeld(runId, 'failed');
    throw error;
  }
  const before = store.totals(runId);
  const alreadyDone = retrying ? before.cells - before.errors : before.cells;
  // A retry runs the errored cells again: they are not done.
  const doneTotals = retrying ? { ...before, cells: alreadyDone, errors: 0 } : before;
  emit({ type: 'run-start', runId, resumed, cellCount: manifest.cellCount, alreadyDone, doneTotals });
  const context = executionContext(options, prompts, models, manifest, journal, (event) =>
    emit({ ...event, runId }),
  );
  const tests = new TestRecorder(store.tests, runId);
  const sink = new CellSink(
    {
      write(cells) {
        // A run taken over is the other process's: its cells are left to it.
        if (lease.lost) return;
        tests.flush();
        // Their calls' rows in the call log are written no later than the cells.
        options.registry.flush();
        const journaled = journal?.used ?? false;
        if (!store.writeCells(runId, cells, { replace: retrying, journaled, held: true })) lease.lose();
        else emit({ type: 'batch-written', runId, cells: cells.length });
      },
    },
    options.sink,
  );
  const skip = resumed ? (key: string) => store.hasCell(runId, key, retrying) : undefined;
  const warnings = new RunWarnings(
    suite.codePolicy,
    options.canEmbed ?? options.embed !== undefined,
    new SelfGradingCheck(grader, manifest.models, options.registry.providerNames()),
  );
  // select-best ranks the outputs of a test's cells together: they are held until all are in.
  const comparisons = new ComparisonGate({
    groupSize: pairCount(prompts.length, manifest.models),
    context: (test) => ({
      vars: test.test.vars,
      test: test.test.description === undefined ? {} : { description: test.test.description },
      allowCode: suite.codePolicy !== 'none',
      allowDataCode: suite.codePolicy === 'all',
      ...(context.judge === undefined ? {} : { judge: context.judge }),
      ...(context.embed === undefined ? {} : { embed: context.embed }),
      tokenCount: APPROXIMATE_TOKEN_COUNTER.count,
    }),
    release: (cell) => {
      sink.add(cell);
      emit({ type: 'cell-end', runId, cell });
    },
    ...(context.cellJudge === undefined ? {} : { judgeFor: context.cellJudge }),
  });
  let status: RunStatus = 'failed';
  let totals: RunTotals | undefined;
  let failure: { error: unknown } | undefined;
  // The suite's code runs in sandbox processes kept for the run, and stopped when it ends.
  const releaseSandbox = holdUserCodeSandbox();
  try {
    await runWindowed(
      plansOf(
        options,
        manifest,
        prompts,
        skip,
        (id) => store.failingTestIds(id),
        (test) => {
          tests.add(test);
          warnings.check(test, (message) => emit({ type: 'warning', runId, message }));
        },
      ),
      // A test that stores its output for later tests makes the run go one cell at a time, in order (as in promptfoo).
      suite.storesOutputs ? 1 : (options.maxConcurrency ?? suite.concurrency ?? DEFAULT_CONCURRENCY),
      async (plan, onWait) => {
        const cell = await executeCell(plan, context, onWait);
        // A call or a judge's call cut short by an interrupt is not a result: leave the cell for the
        // resume (its answer, when it had one, is in the cache).
        if (options.signal?.aborted && (cell.error !== undefined || hasUndecidedCheck(cell))) return;
        const comparing = comparisons.add(plan, cell);
        if (comparing !== undefined) await comparing;
      },
      options.signal,
    );
    status = options.signal?.aborted ? 'interrupted' : 'completed';
  } catch (error) {
    failure = { error };
  } finally {
    await comparisons.flush();
    sink.flush();
    if (!lease.lost) tests.flush();
    lease.end();
    releaseSandbox();
    totals = lease.lost ? undefined : store.finishHeld(runId, status);
    if (totals === undefined) lease.lose();
    emit({
      type: 'run-end',
      runId,
      status: totals === undefined ? 'interrupted' : status,
      totals: totals ?? store.totals(runId),
    });
  }
  // Stopped because another process took the run over (whatever stopping raised): it is that one's to end.
  if (totals === undefined) throw lease.takenOver();
  if (failure !== undefined) throw failure.error;
  return { runId, status, manifest, totals };
}

function hasUndecidedCheck(cell: CellRecord): boolean {
  const undecided = (results: readonly AssertionResult[]): boolean =>
    results.some(
      (result) => result.error === true || (result.children !== undefined && undecided(result.children)),
    );
  return undecided(cell.assertions);
}

function plansOf(
  options: EvaluationOptions,
  manifest: RunManifest,
  prompts: readonly RunPrompt[],
  skip: ((key: string) => boolean) | undefined,
  failingTestIds: (runId: string) => Set<string>,
  onTest: (test: PlannedTest) => void,
): AsyncGenerator<CellPlan> {
  const axes = planAxes(prompts.length, manifest.models, manifest.repeats);
  return planCells(
    selectTestBatches(options.suite, manifest.selection, { failingTestIds }),
    axes,
    skip,
    onTest,
  );
}

function executionContext(
  options: EvaluationOptions,
  prompts: readonly RunPrompt[],
  models: readonly RunModel[],
  manifest: RunManifest,
  journal: CellJournal | undefined,
  emit: (event: { type: 'model-down'; model: string; reason: string }) => void,
): ExecutionContext {
  const judgeModels = judgeModelsOf(options.registry, manifest, options.suite);
  return {
    prompts,
    models,
    cache: manifest.cache,
    codePolicy: options.suite.codePolicy,
    testCode: new TestCode(options.suite.codePolicy, options.suite.beforeEach),
    ...(options.suite.storesOutputs ? { registers: new Map<string, string>() } : {}),
    ...(options.suite.delayMs === undefined ? {} : { delayMs: options.suite.delayMs }),
    secrets: options.registry.secrets,
    judge: async (request, provider) =>
      (await judgeModels(provider)).generate(request, { cache: manifest.cache }),
    ...(journal === undefined
      ? {}
      : { cellJudge: (cellKey: string) => journaledJudge(judgeModels, manifest.cache, journal, cellKey) }),
    ...(options.embed === undefined ? {} : { embed: options.embed }),
    moderate: moderatorOf(options.registry),
    ...(options.signal ? { signal: options.signal } : {}),
    onModelDown: (model, reason) => emit({ type: 'model-down', model: model.label, reason }),
  };
}

async function runModel(
  options: EvaluationOptions,
  model: ManifestModel,
  written: SuiteModel | undefined,
  journal: CellJournal | undefined,
): Promise<RunModel> {
  const { registry } = options;
  const registryModel = await registry.get(
    connectedRef(model.ref, written?.connection, registry.providerNames()),
  );
  return {
    ...model,
    model: registryModel,
    breaker: new CircuitBreaker(model.label, options.breakerThreshold, options.signal),
    tokenCounter: await tokenCounterFor(registryModel.ref.model),
    // Answers that cost nothing (echo, sim) are not worth a commit each.
    journal: registryModel.cacheable ? journal : undefined,
    tools: written?.tools,
  };
}

/**
 * The journal of a run without the response cache: its answers, kept until their cells are
 * stored. Only a resumed run can find an answer in it: a new run's journal is empty. `used` once
 * an answer was kept or taken: until then no stored cell has entries to drop.
 */
function runJournal(store: RunStore, runId: string, resumed: boolean): CellJournal & { used: boolean } {
  const journal = {
    used: false,
    answer: (cellKey: string, call: string) => {
      if (!resumed) return undefined;
      const kept = store.journal.answer(runId, cellKey, call);
      if (kept !== undefined) journal.used = true;
      return kept;
    },
    record: (cellKey: string, call: string, answer: GenerateResult) => {
      journal.used = true;
      store.journal.record(runId, cellKey, call, answer);
    },
  };
  return journal;
}

/**
 * Moderation checks ask the model they name, else OpenAI's default moderation model; without an
 * OpenAI key (or a provider of that name) there is none, and the check is undecided with advice.
 */
function moderatorOf(registry: ModelRegistry): ModerateFunction {
  return async (text, provider) => {
    try {
      return await registry.moderate(provider ?? DEFAULT_MODERATION_REF, text);
    } catch (error) {
      if (provider === undefined && isPlumeError(error) && error.category === 'user') return undefined;
      throw error;
    }
  };
}

/**
 * Graders ask the model a check (or its test) names, else the run's grader (resolveRunGrader); the
 * suite's defaultTest grader at the endpoint and with the key its entry gives.
 */
function judgeModelsOf(registry: ModelRegistry, manifest: RunManifest, suite: Suite): JudgeModels {
  const fallback = graderOfManifest(manifest).ref;
  const names = registry.providerNames();
  return (provider) =>
    registry.get(
      typeof provider === 'object'
        ? askedModelRef(provider, names)
        : judgeRef(provider ?? fallback, suite, names),
    );
}
