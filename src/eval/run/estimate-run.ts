import type { Project } from '../../library/project.ts';
import { priceFor } from '../../models/prices.ts';
import { resolveProvider } from '../../models/resolve-provider.ts';
import { type TokenCounter, tokenCounterFor } from '../../models/token-counter.ts';
import type { GenerateRequest, ModelParams, Price } from '../../spec/model.ts';
import type { ResolvedPrompt } from '../../spec/prompt.ts';
import type { ManifestGrader, ManifestModel, RunSelection } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import { isPlumeError } from '../../util/errors.ts';
import { reuseCompiled, runsPrompt } from './plan-cells.ts';
import { SelfGradingCheck } from './run-grader.ts';
import type { RunPrompt } from './run-prompts.ts';
import { RunWarnings } from './run-warnings.ts';
import { selectTestBatches } from './test-selection.ts';

/** Output tokens assumed per call when a model sets no maxTokens. */
export const ASSUMED_OUTPUT_TOKENS = 256;

/** What a run would cost, without calling anything. */
export interface RunEstimate {
  prompts: number;
  models: number;
  tests: number;
  repeats: number;
  cells: number;
  /** Input tokens over every model: each model's own tokenizer where one is known, else approximated. */
  inputTokens: number;
  /** How each model's tokens were counted; `exact: false` marks an approximation. */
  tokenizers: { model: string; tokenizer: string; exact: boolean }[];
  /** The most output tokens: maxTokens (or the assumed default) for every cell. */
  maxOutputTokens: number;
  /** Cost of the input tokens alone; undefined when a model has no known price. */
  minCostUsd: number | undefined;
  /** Cost if every answer used its most output tokens. */
  maxCostUsd: number | undefined;
  /** Models with no known price. */
  unpriced: string[];
  /** The model grading the model-graded checks that name none, and where it was set. */
  grader?: ManifestGrader;
  /** A model under test that would grade model-graded checks (its own answers); undefined when none would. */
  selfGrader?: string;
  /** Cells whose answer is in the response cache now (they would cost nothing); undefined when not checked, or when no model of the run has its answers cached. */
  cachedCells: number | undefined;
  /** What the run would warn of, said once each: checks it could not decide (left out of the pass rate). */
  warnings: string[];
}

/** What estimateRun needs. */
export interface EstimateOptions {
  suite: Suite;
  project: Project;
  env: NodeJS.ProcessEnv;
  prompts: readonly RunPrompt[];
  /** The models; `promptIndices` (a model's prompt filter) limits the prompts it runs. */
  models: readonly {
    ref: string;
    maxTokens: number | undefined;
    params?: ModelParams;
    promptIndices?: number[] | undefined;
  }[];
  repeats: number;
  selection: RunSelection;
  failingTestIds?: (runId: string) => Set<string>;
  /** Whether the run would have an embedding model for `similar` checks (else they are undecided). */
  canEmbed?: boolean;
  /** How to tell the cells the response cache would answer; without it they are not counted. */
  cache?: {
    /** The cache key of model `modelIndex` for a request (sample = repeat); undefined: not cached. */
    key: (modelIndex: number, request: GenerateRequest, sample: number) => string | undefined;
    /** Which of these keys have an answer now. */
    cached: (keys: readonly string[]) => Set<string>;
  };
  /** The run's grader (resolveRunGrader), the models it would grade and the provider names, to say whether it grades its own answers. */
  grading?: { grader: ManifestGrader; models: readonly ManifestModel[]; providerNames: readonly string[] };
}

/** Render every prompt for every selected test (streamed) and price the calls a run would make. */
export async function estimateRun(options: EstimateOptions): Promise<RunEstimate> {
  const { repeats, models } = options;
  const counters = await Promise.all(models.map((model) => tokenCounterFor(modelName(options, model.ref))));
  // Each distinct tokenizer counts every rendered prompt once, whatever the number of models using
  // it, by prompt: a model restricted to some prompts is sent only theirs.
  const tokensByCounter = new Map<TokenCounter, number[]>(
    counters.map((counter) => [counter, options.prompts.map(() => 0)]),
  );
  let tests = 0;
  let cachedCells = 0;
  // Cells whose answers the cache keeps: none for providers that are never cached (echo, sim).
  let keyedCells = 0;
  const context = options.failingTestIds ? { failingTestIds: options.failingTestIds } : {};
  const cache = options.cache;
  const { grading } = options;
  const selfGrading =
    grading === undefined
      ? undefined
      : new SelfGradingCheck(grading.grader, grading.models, grading.providerNames);
  let selfGrader: string | undefined;
  // The run's own warnings, from the tests' compiled checks as the run would compile them.
  const warnings: string[] = [];
  const runWarnings = new RunWarnings(options.suite.codePolicy, options.canEmbed ?? false);
  const compile = reuseCompiled();
  const schemaMisses = new SchemaMisses();
  for await (const batch of selectTestBatches(options.suite, options.selection, context)) {
    // The keys of a batch of tests are looked up together.
    const keys: string[] = [];
    for (const test of batch) {
      const compiled = compile(test);
      const assertions = compiled instanceof Promise ? await compiled : compiled;
      runWarnings.check({ test, index: tests, assertions }, (message) => warnings.push(message));
      tests += 1;
      // A model under test grading the checks is looked for until one is found.
      if (selfGrading !== undefined && selfGrader === undefined) {
        selfGrader = selfGrading.check({ test, index: tests - 1, assertions });
      }
      for (const [promptIndex, prompt] of options.prompts.entries()) {
        schemaMisses.check(promptIndex, prompt.resolved, test.vars);
        const rendered = await prompt.resolved.render(test.vars);
        for (const [counter, sums] of tokensByCounter) {
          let tokens = 0;
          for (const message of rendered.messages) tokens += counter.count(message.content);
          sums[promptIndex]! += tokens;
        }
        if (cache === undefined) continue;
        for (const [modelIndex, model] of models.entries()) {
          if (!runsPrompt(model, promptIndex)) continue;
          // The request as the runner sends it (see executeCell).
          const request: GenerateRequest = {
            messages: rendered.messages,
            params: { ...rendered.params, ...model.params },
            ...(rendered.outputSchema === undefined ? {} : { outputSchema: rendered.outputSchema }),
          };
          for (let repeat = 0; repeat < repeats; repeat++) {
            const key = cache.key(modelIndex, request, repeat);
            if (key !== undefined) keys.push(key);
          }
        }
      }
    }
    if (keys.length === 0) continue;
    keyedCells += keys.length;
    const found = cache!.cached(keys);
    for (const key of keys) if (found.has(key)) cachedCells += 1;
  }
  warnings.push(...schemaMisses.warnings());
  let cells = 0;
  let minCostUsd: number | undefined = 0;
  let maxCostUsd: number | undefined = 0;
  let maxOutputTokens = 0;
  let inputTokens = 0;
  const unpriced: string[] = [];
  for (const [index, model] of models.entries()) {
    const sums = tokensByCounter.get(counters[index]!)!;
    const runs = options.prompts.map((_, promptIndex) => runsPrompt(model, promptIndex));
    const inputPerModel =
      sums.reduce((sum, tokens, promptIndex) => sum + (runs[promptIndex] ? tokens : 0), 0) * repeats;
    const callsPerModel = tests * runs.filter(Boolean).length * repeats;
    cells += callsPerModel;
    inputTokens += inputPerModel;
    const outputTokens = callsPerModel * (model.maxTokens ?? ASSUMED_OUTPUT_TOKENS);
    maxOutputTokens += outputTokens;
    const price = modelPrice(options, model.ref);
    if (price === undefined) {
      unpriced.push(model.ref);
      continue;
    }
    minCostUsd = (minCostUsd ?? 0) + (inputPerModel * price.input) / 1_000_000;
    maxCostUsd = (maxCostUsd ?? 0) + (inputPerModel * price.input + outputTokens * price.output) / 1_000_000;
  }
  if (unpriced.length > 0) {
    minCostUsd = undefined;
    maxCostUsd = undefined;
  }
  return {
    prompts: options.prompts.length,
    models: models.length,
    tests,
    repeats,
    cells,
    inputTokens,
    tokenizers: models.map((model, index) => ({
      model: model.ref,
      tokenizer: counters[index]!.name,
      exact: counters[index]!.exact,
    })),
    maxOutputTokens,
    minCostUsd,
    maxCostUsd,
    unpriced,
    cachedCells: cache === undefined || keyedCells === 0 ? undefined : cachedCells,
    ...(grading === undefined ? {} : { grader: grading.grader }),
    ...(selfGrader === undefined ? {} : { selfGrader }),
    warnings,
  };
}

function modelPrice(options: EstimateOptions, ref: string): Price | undefined {
  const colon = ref.includes(':') ? ref.indexOf(':') : ref.length;
  const provider = resolveProvider(options.project, options.env, ref.slice(0, colon));
  const name = ref.slice(colon + 1) || provider.info.defaultModel;
  return name === undefined ? undefined : priceFor(provider, name, options.project.config.prices);
}

/** The model name of a `provider:model` reference (the provider's default when it names none). */
function modelName(options: EstimateOptions, ref: string): string {
  const colon = ref.indexOf(':');
  if (colon >= 0 && colon < ref.length - 1) return ref.slice(colon + 1);
  const provider = resolveProvider(options.project, options.env, colon >= 0 ? ref.slice(0, colon) : ref);
  return provider.info.defaultModel ?? '';
}

/**
 * Tests whose variables do not match a prompt's input schema (types, enums, nested fields), said
 * once a prompt: the first one, and how many. A warning, not an error: a suite's values are
 * typed as written, and a number given to a `string` field renders all the same.
 */
class SchemaMisses {
  readonly #misses = new Map<number, { first: string; count: number }>();

  check(promptIndex: number, prompt: ResolvedPrompt, vars: Record<string, unknown>): void {
    if (prompt.inputSchema === undefined || prompt.checkVariables === undefined) return;
    try {
      prompt.checkVariables(vars);
    } catch (error) {
      if (!isPlumeError(error) || error.code !== 'VARIABLE_INVALID') return;
      const miss = this.#misses.get(promptIndex);
      if (miss) miss.count += 1;
      else this.#misses.set(promptIndex, { first: error.describe(), count: 1 });
    }
  }

  warnings(): string[] {
    return [...this.#misses.values()].map(({ first, count }) =>
      count === 1
        ? first
        : `${first}\n  (and ${count - 1} more test${count === 2 ? '' : 's'} for this prompt)`,
    );
  }
}
