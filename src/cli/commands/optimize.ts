import { resolve } from 'node:path';
import { Option } from 'commander';
import type { JudgeFunction } from '../../eval/assertions/assertion-context.ts';
import { resolveRunGrader } from '../../eval/run/run-grader.ts';
import { findSuiteFile } from '../../eval/suite/find-suite-file.ts';
import { loadSuite } from '../../eval/suite/load-suite.ts';
import type { Library } from '../../library/library.ts';
import { type Project, projectReadScope } from '../../library/project.ts';
import { projectEmbedOption } from '../../models/embedding/project-embedder.ts';
import type { Model } from '../../models/model.ts';
import { askedModelRef } from '../../models/model-ref.ts';
import type { ModelRegistry } from '../../models/registry.ts';
import { tokenCounterFor } from '../../models/token-counter.ts';
import { estimateOptimization } from '../../optimize/estimate-optimization.ts';
import { formatOptimizationEstimate, formatOptimizationReport } from '../../optimize/format-optimization.ts';
import { minimumBudget } from '../../optimize/minimum-budget.ts';
import { optimizationTestSets } from '../../optimize/optimization-tests.ts';
import { type OptimizationSettings, optimizePrompt } from '../../optimize/optimize-prompt.ts';
import { saveWinner } from '../../optimize/save-winner.ts';
import { DEFAULT_SPLIT, parseSplit } from '../../optimize/split-tests.ts';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../../optimize/strategies/index.ts';
import type { Suite } from '../../spec/suite.ts';
import { OptimizationStore } from '../../store/optimization-store.ts';
import { PlumeError } from '../../util/errors.ts';
import { type CliContext, emit, note, type RegisterCommand } from '../context.ts';
import { parseInteger, parsePositiveInteger, parsePositiveNumber } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import { listOrShowOptimizations } from './optimizations.ts';
import { optimizationProgress } from './optimize-progress.ts';

interface OptimizeOptions {
  model?: string;
  proposer?: string;
  strategies: string;
  budgetCalls?: number;
  budgetTokens?: number;
  budgetUsd?: number;
  split?: string;
  seed?: number;
  candidates: number;
  iterations: number;
  minBatch: number;
  minValidation?: number;
  exhaustive?: boolean;
  concurrency: number;
  dryRun?: boolean;
  resume?: string;
  save: boolean;
  saveAnyway?: boolean;
  write?: boolean;
}

// Options an optimization keeps in its settings: a resume takes them from there, so they would be ignored.
const SETTING_OPTIONS = [
  'model',
  'proposer',
  'strategies',
  'budgetCalls',
  'budgetTokens',
  'budgetUsd',
  'split',
  'seed',
  'candidates',
  'iterations',
  'minBatch',
  'minValidation',
  'exhaustive',
  'concurrency',
];

/** Calls an optimization may make when no budget is given. */
const DEFAULT_CALL_BUDGET = 1000;

/** `plume optimize`: search for a better wording of a prompt, prove it on held-out tests, save it. */
export const registerOptimize: RegisterCommand = (program, context) => {
  program
    .command('optimize')
    .description('search for a better wording of a prompt within a budget and test it on held-out tests')
    .argument('[prompt]', 'the prompt to improve (name, name@label, name@hash)')
    .argument(
      '[suite]',
      'the suite whose tests and checks score candidates (default: plume.suite.* in the project)',
    )
    .option('--model <ref>', "the model to optimize for (default: the suite's first model)")
    .option(
      '--proposer <ref>',
      'the model that proposes rewrites for ape, opro and protegi (default: --model)',
    )
    .option(
      '--strategies <list>',
      `comma-separated, run in order: ${STRATEGY_NAMES.join(', ')}`,
      'edits,few-shot',
    )
    .option(
      '--budget-calls <number>',
      `most model calls in all (default ${DEFAULT_CALL_BUDGET} when no budget is given)`,
      parsePositiveInteger,
    )
    .option('--budget-tokens <number>', 'most tokens in all (input and output)', parsePositiveInteger)
    .option('--budget-usd <amount>', 'most US dollars at list prices', parsePositiveNumber)
    .option(
      '--split <shares>',
      'train/validation/held-out shares of the tests',
      `${DEFAULT_SPLIT.train}/${DEFAULT_SPLIT.validation}/${DEFAULT_SPLIT.test}`,
    )
    .option(
      '--seed <number>',
      "seed of the split and of random choices (default: the suite's seed or 0)",
      parseInteger,
    )
    .option('--candidates <number>', 'candidates proposed per step', parsePositiveInteger, 8)
    .option('--iterations <number>', 'steps per strategy', parsePositiveInteger, 3)
    .option('--min-batch <number>', 'validation tests in the first racing rung', parsePositiveInteger, 16)
    .option(
      '--min-validation <number>',
      'validation tests a candidate must be scored on to become the winner, compared with the best so far on the same tests (default: all of them)',
      parsePositiveInteger,
    )
    .option('--exhaustive', 'score every candidate on every validation test (no racing)')
    .option('--concurrency <number>', 'calls in flight at once', parsePositiveInteger, 8)
    .option('--dry-run', 'estimate calls, tokens and cost per strategy without calling a model')
    .addOption(
      new Option(
        '--resume <id>',
        'continue a stopped optimization: nothing already scored is paid for again',
      ).conflicts(SETTING_OPTIONS),
    )
    .option('--no-save', 'do not save the winner as a new version')
    .addOption(
      new Option(
        '--save-anyway',
        'save (and with --write, write) the winner even when it does not beat the start on the held-out tests',
      ).conflicts('save'),
    )
    .option('--write', "also write the winner to the prompt's file (only when it is saved)")
    .action((prompt: string | undefined, suite: string | undefined, options: OptimizeOptions) =>
      optimize(context, prompt, suite, options),
    );
  program
    .command('optimizations')
    .description('list optimizations, or show one with its trajectory')
    .argument('[id]', 'an optimization id')
    .action((id: string | undefined) => listOrShowOptimizations(context, id));
};

async function optimize(
  context: CliContext,
  promptArgument: string | undefined,
  suiteArgument: string | undefined,
  options: OptimizeOptions,
): Promise<void> {
  await withWorkspace(context, async ({ project, db, library, registry, signal }) => {
    const store = new OptimizationStore(db);
    const stored = options.resume === undefined ? undefined : store.get(options.resume);
    const suiteFile =
      (stored?.settings.suiteFile as string | undefined) ??
      (suiteArgument === undefined
        ? findSuiteFile(context.cwd, project.root)
        : resolve(context.cwd, suiteArgument));
    const suite = await loadSuite(suiteFile, { scope: projectReadScope(project) });
    const settings =
      stored === undefined
        ? await settingsFrom(context, registry, suite, promptArgument, options)
        : (stored.settings as unknown as OptimizationSettings);
    const model = await registry.get(settings.model);
    const proposer = settings.proposer === undefined ? undefined : await registry.get(settings.proposer);
    if (options.dryRun) {
      await dryRun(context, { suite, library, settings, project, model, proposer });
      return;
    }
    // The id, for the --resume command of an optimization stopped by a signal.
    let id = options.resume;
    const progress = context.json ? undefined : optimizationProgress(context);
    const report = await optimizePrompt({
      settings,
      resources: {
        library,
        store,
        suite,
        model,
        params: suiteParams(suite, settings.model),
        price: model.price,
        proposer,
        proposerPrice: proposer?.price,
        judge: judgeFor(registry, optimizationGrader(project, registry, suite, settings.model)),
        ...projectEmbedOption(project, context.env, registry),
        tokenCounter: await tokenCounterFor(model.ref.model),
      },
      ...(options.resume === undefined ? {} : { resume: options.resume }),
      signal,
      onEvent: (event) => {
        if (event.type === 'started') id = event.id;
        progress?.(event);
      },
    }).catch((error: unknown) => {
      // Stopped by a signal: the abort it raised is no error; withWorkspace gives the exit code.
      if (!signal.aborted) throw error;
      note(
        context,
        id === undefined
          ? 'stopped before the optimization started'
          : `stopped: continue with plume optimize --resume ${id} (nothing scored is paid for twice)`,
      );
      return undefined;
    });
    if (report === undefined) return;
    const outcome = await saveWinner({
      library,
      store,
      report,
      save: options.save,
      saveAnyway: options.saveAnyway === true,
      writeFile: options.write === true,
    });
    emit(
      context,
      {
        ...report,
        outcome,
        saved: outcome.saved,
        savedAs: outcome.savedAs,
        written: outcome.written,
        reason: outcome.reason,
      },
      () => formatOptimizationReport(report, outcome),
    );
  });
}

async function settingsFrom(
  context: CliContext,
  registry: ModelRegistry,
  suite: Suite,
  promptArgument: string | undefined,
  options: OptimizeOptions,
): Promise<OptimizationSettings> {
  const first = suite.prompts[0];
  const promptRef =
    promptArgument ??
    (first?.kind === 'library' ? first.ref : first?.kind === 'file' ? first.path : undefined);
  if (promptRef === undefined) {
    throw new PlumeError({
      code: 'USAGE',
      message: 'no prompt to optimize',
      hint: 'name one: plume optimize <prompt> [suite]',
    });
  }
  const strategies = options.strategies
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = strategies.filter((name) => !isStrategyName(name));
  if (unknown.length > 0 || strategies.length === 0) {
    throw new PlumeError({
      code: 'USAGE',
      message: `unknown strategy ${unknown.map((name) => `'${name}'`).join(', ') || '(none given)'}`,
      hint: `choose among ${STRATEGY_NAMES.join(', ')}`,
    });
  }
  const model = options.model ?? suite.models[0]?.ref ?? (await registry.defaultModelRef());
  const needsProposer = strategies.some((name) => ['ape', 'opro', 'protegi'].includes(name));
  const noBudget =
    options.budgetCalls === undefined &&
    options.budgetTokens === undefined &&
    options.budgetUsd === undefined;
  if (noBudget)
    note(
      context,
      `no budget given: at most ${DEFAULT_CALL_BUDGET} calls (--budget-calls, --budget-tokens, --budget-usd)`,
    );
  return {
    promptRef,
    suiteFile: suite.file,
    model,
    proposer: options.proposer ?? (needsProposer ? model : undefined),
    strategies: strategies as StrategyName[],
    budget: {
      ...(noBudget ? { calls: DEFAULT_CALL_BUDGET } : {}),
      ...(options.budgetCalls === undefined ? {} : { calls: options.budgetCalls }),
      ...(options.budgetTokens === undefined ? {} : { tokens: options.budgetTokens }),
      ...(options.budgetUsd === undefined ? {} : { usd: options.budgetUsd }),
    },
    split: options.split === undefined ? DEFAULT_SPLIT : parseSplit(options.split),
    seed: options.seed ?? suite.seed ?? 0,
    search: {
      candidates: options.candidates,
      iterations: options.iterations,
      minBatch: options.minBatch,
      exhaustive: options.exhaustive === true,
      ...(options.minValidation === undefined ? {} : { minWinnerTests: options.minValidation }),
    },
    concurrency: options.concurrency,
  };
}

/** The suite's parameters for `ref` (a model entry with that ref or label), else none. */
function suiteParams(suite: Suite, ref: string) {
  return suite.models.find((model) => model.ref === ref || model.label === ref)?.params ?? {};
}

/** The grader of checks that name none, as an evaluation's (resolveRunGrader): the model being optimized last. */
function optimizationGrader(project: Project, registry: ModelRegistry, suite: Suite, model: string): string {
  const { grader, defaultModel } = project.config;
  const models = [{ label: model, ref: model, params: {} }];
  return resolveRunGrader(suite, { grader, defaultModel }, models, registry.providerNames()).ref;
}

/** Graders ask the model a check names, else `fallback`. */
function judgeFor(registry: ModelRegistry, fallback: string): JudgeFunction {
  return async (request, provider) =>
    (await registry.get(askedModelRef(provider ?? fallback, registry.providerNames()))).generate(request);
}

async function dryRun(
  context: CliContext,
  input: {
    suite: Suite;
    library: Library;
    settings: OptimizationSettings;
    project: Project;
    model: Model;
    proposer: Model | undefined;
  },
): Promise<void> {
  const { suite, settings } = input;
  const sets = await optimizationTestSets(suite, settings);
  const prompt = await input.library.resolve(settings.promptRef);
  let characters = 0;
  const sampled = sets.all.slice(0, 20);
  for (const { test } of sampled) {
    const rendered = await prompt.render(test.vars).catch(() => undefined);
    characters += rendered?.messages.reduce((sum, message) => sum + message.content.length, 0) ?? 0;
  }
  const params = suiteParams(suite, settings.model);
  const minimum = await minimumBudget({
    prompt,
    basis: sets.basis,
    heldOut: sets.heldOut,
    params,
    price: input.model.price,
  });
  const estimate = await estimateOptimization({
    strategies: settings.strategies,
    sizes: {
      train: sets.train.length,
      validation: sets.validation.length,
      test: sets.heldOut.length,
      ...settings.search,
    },
    averagePromptTokens: Math.ceil(characters / Math.max(1, sampled.length) / 4),
    outputTokens: params.maxTokens ?? input.project.config.defaults?.maxTokens ?? 256,
    price: input.model.price,
    proposerPrice: input.proposer?.price,
    budget: settings.budget,
    minimum,
  });
  // A budget below the minimum is said (shortfalls), not refused: the dry run is there to find it.
  emit(context, estimate, () => formatOptimizationEstimate(estimate));
}
