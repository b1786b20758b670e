import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { formatRunReport } from '../../eval/report/format-run-report.ts';
import { buildNamedRunReport } from '../../eval/report/named-run-report.ts';
import type { RunReport } from '../../eval/report/run-report.ts';
import type { EstimateOptions, RunEstimate } from '../../eval/run/estimate-run.ts';
import { DEFAULT_CONCURRENCY, runEvaluation } from '../../eval/run/run-evaluation.ts';
import {
  checkGrader,
  describeGrader,
  type GraderSettings,
  resolveRunGrader,
  selfGradingWarning,
} from '../../eval/run/run-grader.ts';
import { resolveRunPrompts } from '../../eval/run/run-prompts.ts';
import { checkSuiteVariables } from '../../eval/suite/check-suite-variables.ts';
import { DEFAULT_SUITE_FILES, loadSuite } from '../../eval/suite/load-suite.ts';
import type { Library } from '../../library/library.ts';
import { type Project, projectReadScope } from '../../library/project.ts';
import { projectEmbedOption } from '../../models/embedding/project-embedder.ts';
import { connectedRef } from '../../models/model-ref.ts';
import type { ModelRegistry } from '../../models/registry.ts';
import type { ModelRef } from '../../spec/model.ts';
import type { RunSelection } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import { RunStore } from '../../store/run-store.ts';
import { ScanStore } from '../../store/scan-store.ts';
import { locatedError, PlumeError, type SourceLocation } from '../../util/errors.ts';
import { SecretStream } from '../../util/secret-stream.ts';
import { type CliContext, emit, note, type RegisterCommand } from '../context.ts';
import { defaultModelOrStandIn } from '../default-model-or-stand-in.ts';
import { type ErrorTolerance, errorGate, NO_ERRORS, parseErrorTolerance } from '../error-gate.ts';
import { collectValues, parsePositiveInteger, parseRate } from '../options.ts';
import { outputFile } from '../output-file.ts';
import { ProgressDisplay } from '../progress-display.ts';
import { withWorkspace } from '../workspace.ts';
import { YoungGeneration } from '../young-generation.ts';

interface EvalOptions {
  maxConcurrency?: number;
  repeat?: number;
  cache: boolean;
  /** false with --no-code: none of the suite's JavaScript runs. */
  code: boolean;
  firstN?: number;
  pattern?: string;
  sample?: number;
  failingOnly?: string;
  failUnder?: number;
  maxErrors?: ErrorTolerance;
  resume?: string;
  retryErrors?: string;
  replay?: string;
  dryRun?: boolean;
  output?: string;
  by?: string[];
}

/** `plume eval`: run a suite, store every cell, print pass rates with intervals and the verdicts. */
export const registerEval: RegisterCommand = (program, context) => {
  program
    .command('eval')
    .description('run an evaluation suite: prompts × models × tests × repeats, with statistics')
    .argument('[suite]', `the suite file (default: ${DEFAULT_SUITE_FILES.join(', ')} in the project)`)
    .option(
      '--max-concurrency <number>',
      `most cells in flight at once (default ${DEFAULT_CONCURRENCY}; each provider's own limit still caps its calls)`,
      parsePositiveInteger,
    )
    .option('--repeat <number>', "times each cell runs (overrides the suite's repeats)", parsePositiveInteger)
    .option('--no-cache', 'neither read nor write the response cache')
    .option(
      '--no-code',
      "run none of the suite's JavaScript, even its own (for a suite written by someone you do not trust)",
    )
    .option('--first-n <number>', 'only the first N tests', parsePositiveInteger)
    .option('--pattern <regex>', 'only tests whose description or vars match')
    .option('--sample <number>', "a sample of N tests, drawn with the suite's seed", parsePositiveInteger)
    .option('--failing-only <run>', 'only the tests that failed, errored or were undecided in that run')
    .option('--fail-under <rate>', 'exit 1 when the pass rate is below this (0.8 or 80%)', parseRate)
    .option(
      '--max-errors <count>',
      'errored cells tolerated before exiting 3: a count (3) or a share of the cells (5% or 0.05); default 0',
      parseErrorTolerance,
    )
    .addOption(
      earlierRunOption(
        '--resume <run>',
        'continue a run that was stopped: only the cells not yet stored run',
      ),
    )
    .addOption(earlierRunOption('--retry-errors <run>', 'run again the cells of that run whose call failed'))
    .addOption(
      earlierRunOption(
        '--replay <run>',
        'run that run again as a new run: same prompt versions, models and tests',
      ),
    )
    .option(
      '-o, --output <file>',
      'also write the run to a file: .jsonl, .csv, .xml (JUnit), .md or .html (a web page)',
    )
    .option('--dry-run', 'count the cells and estimate tokens and cost, without calling a model')
    .option(
      '--by <variable>',
      'also break the pass rates down by this test variable, with a test across its values (repeatable)',
      collectValues,
    )
    .action((suite: string | undefined, options: EvalOptions) => evaluate(context, suite, options));
};

async function evaluate(
  context: CliContext,
  suiteArgument: string | undefined,
  options: EvalOptions,
): Promise<void> {
  // Loaded only when asked for: the exporters are no part of a plain run's memory.
  const output =
    options.output === undefined
      ? undefined
      : (await import('./runs.ts')).reportFile(context, options.output);
  await withWorkspace(context, async ({ project, db, library, registry, signal }) => {
    const store = new RunStore(db);
    const previous = options.resume ?? options.retryErrors ?? options.replay;
    const suiteFile = suiteArgument ?? (previous ? store.getRun(previous).manifest.suiteFile : undefined);
    const suite = await loadSuite(
      suiteFile ? resolve(context.cwd, suiteFile) : findSuiteFile(context.cwd, project),
      { scans: new ScanStore(db), scope: projectReadScope(project), noCode: !options.code },
    );
    for (const warning of suite.warnings) note(context, `warning: ${warning}`);
    await checkSuiteVariables(suite, options.by ?? []);
    // The suite's outputPath, as promptfoo writes it, unless -o names a file; checked before the run.
    const suiteOutputs = output === undefined ? await suiteOutputFiles(context, suite) : [];
    if (options.dryRun) {
      await dryRun(context, { suite, project, library, registry, store, options });
      return;
    }
    const display = new ProgressDisplay(context.stderr, { tty: isTty(context.stderr) });
    const young = new YoungGeneration();
    const outcome = await runEvaluation({
      suite,
      library,
      registry,
      store,
      selection: selectionOf(options),
      ...(options.repeat === undefined ? {} : { repeats: options.repeat }),
      cache: options.cache && project.config.cache.enabled && suite.cache !== false ? 'use' : 'off',
      ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
      ...(suite.models.length === 0
        ? { defaultModelRef: await defaultModelOrStandIn(context, registry, 'sim') }
        : {}),
      ...(options.resume === undefined ? {} : { resume: options.resume }),
      ...(options.retryErrors === undefined ? {} : { retryErrors: options.retryErrors }),
      ...(options.replay === undefined ? {} : { replay: options.replay }),
      signal,
      onEvent: (event) => {
        young.handle(event);
        if (!context.json) display.handle(event);
      },
      ...projectEmbedOption(project, context.env),
      graderSettings: graderSettingsOf(project),
    });
    const by = options.by === undefined ? {} : { by: options.by };
    const report = await buildNamedRunReport(store, outcome.runId, { suite }, by);
    if (suite.derivedMetrics.length > 0) {
      const { derivedMetricTotals } = await import('../../eval/report/derived-metrics.ts');
      report.derivedMetrics = await derivedMetricTotals(
        report.metrics ?? [],
        suite.derivedMetrics,
        suite.codePolicy,
      );
    }
    emit(context, reportJson(report), () => formatRunReport(report));
    output?.write(store, outcome.runId, report);
    for (const file of suiteOutputs) file.write(store, outcome.runId, report);
    const failed = gate(context, report, options.failUnder);
    // Errors beyond the tolerance come first: a pass rate over cells that never ran proves nothing.
    const errored = errorGate(context, report.run, options.maxErrors ?? NO_ERRORS, () =>
      store.errorCodes(outcome.runId),
    );
    const code = errored ?? failed;
    if (code !== undefined) context.exitCode = code;
  });
}

interface DryRunInput {
  suite: Suite;
  project: Project;
  library: Library;
  registry: ModelRegistry;
  store: RunStore;
  options: EvalOptions;
}

async function dryRun(context: CliContext, input: DryRunInput): Promise<void> {
  const { suite, project, options } = input;
  const refs =
    suite.models.length > 0
      ? suite.models.map((model) => ({
          ref: model.ref,
          maxTokens: model.params.maxTokens,
          params: model.params,
          promptIndices: model.promptIndices,
          connection: model.connection,
        }))
      : [
          {
            ref: await defaultModelOrStandIn(context, input.registry, 'sim'),
            maxTokens: undefined,
            params: {},
            promptIndices: undefined,
            connection: undefined,
          },
        ];
  // Each ref as the cache knows its model: `local:default` is cached under its file's name. Making
  // a model loads nothing (see deferredModel); one that cannot be made is looked up as written.
  // An entry reached at its own endpoint is cached apart (see withConnection): looked up with it.
  const providerNames = input.registry.providerNames();
  const cacheRefs = await Promise.all(
    refs.map((model) =>
      input.registry.get(connectedRef(model.ref, model.connection, providerNames)).then(
        (made) => (model.connection === undefined ? made.ref : { ...made.ref, connection: model.connection }),
        () => connectedRef(model.ref, model.connection, providerNames),
      ),
    ),
  );
  const { estimateRun } = await import('../../eval/run/estimate-run.ts');
  const models = refs.map((model) => ({ label: model.ref, ref: model.ref, params: model.params }));
  const grader = resolveRunGrader(suite, graderSettingsOf(project), models, providerNames);
  await checkGrader(input.registry, grader, suite, graderSettingsOf(project));
  const estimate = await estimateRun({
    suite,
    project,
    env: context.env,
    prompts: await resolveRunPrompts(
      input.library,
      suite.prompts,
      undefined,
      suite.locator?.prompt,
      suite.codePolicy !== 'none',
    ),
    models: refs.map((model) => ({
      ...model,
      maxTokens: model.maxTokens ?? project.config.defaults?.maxTokens,
    })),
    repeats: options.repeat ?? suite.repeats,
    selection: selectionOf(options),
    failingTestIds: (runId) => input.store.failingTestIds(runId),
    canEmbed: projectEmbedOption(project, context.env).embed !== undefined,
    cache: options.cache ? cacheLookup(input.registry, cacheRefs, modelWrittenAt(suite, project)) : undefined,
    grading: { grader, models, providerNames },
  });
  if (estimate.selfGrader !== undefined) note(context, `warning: ${selfGradingWarning(estimate.selfGrader)}`);
  emit(context, estimate, () => formatEstimate(estimate));
}

// The cache keys a run's models would look up, each model's keyer made once.
function cacheLookup(
  registry: ModelRegistry,
  refs: readonly (string | ModelRef)[],
  writtenAt: (index: number) => SourceLocation | undefined,
): NonNullable<EstimateOptions['cache']> {
  const keyers = refs.map((ref, index) => {
    try {
      return registry.cacheKeyer(ref);
    } catch (error) {
      throw locatedError(error, writtenAt(index));
    }
  });
  return {
    key: (modelIndex, request, sample) => keyers[modelIndex]?.(request, sample),
    cached: (keys) => registry.cachedKeys(keys),
  };
}

/** Where a run's model was written: in the suite, else plume.yaml's defaultModel. */
function modelWrittenAt(suite: Suite, project: Project): (index: number) => SourceLocation | undefined {
  return (index) =>
    suite.models.length > 0 ? suite.locator?.model(index) : project.locateConfig?.(['defaultModel']);
}

function formatEstimate(estimate: RunEstimate): string {
  const { prompts, models, tests, repeats } = estimate;
  const cost =
    estimate.minCostUsd === undefined || estimate.maxCostUsd === undefined
      ? `cost unknown (no price for ${estimate.unpriced.join(', ')})`
      : `cost $${estimate.minCostUsd.toFixed(4)} (input only) to $${estimate.maxCostUsd.toFixed(4)} (every answer at its most tokens)`;
  const approximate = estimate.tokenizers.filter((entry) => !entry.exact).map((entry) => entry.model);
  const counted =
    approximate.length === 0
      ? "counted with each model's tokenizer"
      : `approximate for ${approximate.join(', ')} (no public tokenizer: 4 characters a token)`;
  return [
    `would run ${count(estimate.cells, 'cell')}: ${count(prompts, 'prompt')} × ${count(models, 'model')} × ${count(tests, 'test')} × ${count(repeats, 'repeat')}`,
    `${estimate.inputTokens.toLocaleString('en-US')} input tokens (${counted}), at most ${estimate.maxOutputTokens.toLocaleString('en-US')} output tokens`,
    estimate.cachedCells === undefined
      ? `${cost}; cached answers cost nothing`
      : `${estimate.cachedCells} of ${estimate.cells} cells are answered from the cache (free); ${cost} before that saving`,
    ...(estimate.grader === undefined
      ? []
      : [`grader of model-graded checks: ${describeGrader(estimate.grader)}`]),
    ...estimate.warnings.map((warning) => `warning: ${warning}`),
  ].join('\n');
}

// `1 model`, `2 models`.
function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** What plume.yaml says of the grader of model-graded checks. */
function graderSettingsOf(project: Project): GraderSettings {
  const { grader, defaultModel } = project.config;
  return { grader, defaultModel, configFile: project.configPath, locateConfig: project.locateConfig };
}

function selectionOf(options: EvalOptions): RunSelection {
  const selection: RunSelection = {};
  if (options.firstN !== undefined) selection.firstN = options.firstN;
  if (options.pattern !== undefined) selection.pattern = options.pattern;
  if (options.sample !== undefined) selection.sample = options.sample;
  if (options.failingOnly !== undefined) selection.failingOnly = options.failingOnly;
  return selection;
}

/** The suite file in the working folder, else at the project root. */
function findSuiteFile(cwd: string, project: Project): string {
  for (const folder of new Set([cwd, project.root])) {
    for (const name of DEFAULT_SUITE_FILES) {
      const path = join(folder, name);
      if (existsSync(path)) return path;
    }
  }
  throw new PlumeError({
    code: 'SUITE_NOT_FOUND',
    message: `no suite file in ${project.root}`,
    hint: `name one (plume eval path/to/suite.yaml) or write ${DEFAULT_SUITE_FILES[0]}`,
  });
}

/**
 * 1 when the pass rate (passed / decided: errors and undecided cells left out; errors have their
 * own gate, --max-errors) is below the gate, or when no cell was decided: a gate proves nothing then.
 */
function gate(context: CliContext, report: RunReport, failUnder: number | undefined): 1 | undefined {
  if (failUnder === undefined) return undefined;
  const rate = report.run.totals.passRate;
  if (rate === null) {
    note(context, `no cell was decided: the pass rate is unknown, so --fail-under cannot hold`);
    return 1;
  }
  if (rate >= failUnder) return undefined;
  note(
    context,
    `pass rate ${(rate * 100).toFixed(1)}% is below --fail-under ${(failUnder * 100).toFixed(1)}%`,
  );
  return 1;
}

/** A file the run is written to. */
interface RunOutput {
  write(store: RunStore, runId: string, report: RunReport): void;
}

/**
 * The files of the suite's outputPath: each in the format its name says (as -o), and `.json` as the
 * report `plume eval --json` prints (promptfoo's commonest output file).
 */
async function suiteOutputFiles(context: CliContext, suite: Suite): Promise<RunOutput[]> {
  if (suite.outputPaths.length === 0) return [];
  const { reportFile } = await import('./runs.ts');
  return suite.outputPaths.map((path): RunOutput => {
    if (!path.toLowerCase().endsWith('.json')) return reportFile(context, path);
    const file = outputFile(context.cwd, path, 'outputPath');
    return {
      write(_store, _runId, report) {
        const redacted = new SecretStream(context.secrets);
        file.write((write) => {
          write(redacted.push(`${JSON.stringify(reportJson(report), null, 2)}\n`));
          write(redacted.end());
        });
        note(context, `wrote the JSON report to ${file.path}`);
      },
    };
  });
}

function reportJson(report: RunReport) {
  const { run, ...rest } = report;
  return { runId: run.id, status: run.status, manifest: run.manifest, totals: run.totals, ...rest };
}

// Options that take up an earlier run: it fixes the run's tests, repeats and models, so the
// options that choose them would be ignored, and two earlier runs cannot both be taken up.
const EARLIER_RUN_OPTIONS = ['resume', 'retryErrors', 'replay'];
const SELECTION_OPTIONS = ['repeat', 'firstN', 'pattern', 'sample', 'failingOnly'];

function earlierRunOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.conflicts([
    ...EARLIER_RUN_OPTIONS.filter((name) => name !== option.attributeName()),
    ...SELECTION_OPTIONS,
  ]);
}

function isTty(stream: unknown): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
