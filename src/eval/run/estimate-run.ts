import type { Project } from '../../library/project.ts';
import { priceFor } from '../../models/prices.ts';
import { resolveProvider } from '../../models/resolve-provider.ts';
import type { Price } from '../../spec/model.ts';
import type { RunSelection } from '../../spec/run.ts';
import type { Suite } from '../../spec/suite.ts';
import type { RunPrompt } from './run-prompts.ts';
import { selectTests } from './test-selection.ts';

/** Output tokens assumed per call when a model sets no maxTokens. */
export const ASSUMED_OUTPUT_TOKENS = 256;

/** What a run would cost, without calling anything. */
export interface RunEstimate {
  prompts: number;
  models: number;
  tests: number;
  repeats: number;
  cells: number;
  /** Approximate: about four characters a token. */
  inputTokens: number;
  /** The most output tokens: maxTokens (or the assumed default) for every cell. */
  maxOutputTokens: number;
  /** Cost of the input tokens alone; undefined when a model has no known price. */
  minCostUsd: number | undefined;
  /** Cost if every answer used its most output tokens. */
  maxCostUsd: number | undefined;
  /** Models with no known price. */
  unpriced: string[];
}

/** What estimateRun needs. */
export interface EstimateOptions {
  suite: Suite;
  project: Project;
  env: NodeJS.ProcessEnv;
  prompts: readonly RunPrompt[];
  models: readonly { ref: string; maxTokens: number | undefined }[];
  repeats: number;
  selection: RunSelection;
  failingTestIds?: (runId: string) => Set<string>;
}

/** Render every prompt for every selected test (streamed) and price the calls a run would make. */
export async function estimateRun(options: EstimateOptions): Promise<RunEstimate> {
  const { repeats, models } = options;
  let tests = 0;
  let promptCharacters = 0;
  const context = options.failingTestIds ? { failingTestIds: options.failingTestIds } : {};
  for await (const test of selectTests(options.suite, options.selection, context)) {
    tests += 1;
    for (const prompt of options.prompts) {
      const rendered = await prompt.resolved.render(test.vars);
      for (const message of rendered.messages) promptCharacters += message.content.length;
    }
  }
  const inputPerModel = Math.ceil(promptCharacters / 4) * repeats;
  const callsPerModel = tests * options.prompts.length * repeats;
  let minCostUsd: number | undefined = 0;
  let maxCostUsd: number | undefined = 0;
  let maxOutputTokens = 0;
  const unpriced: string[] = [];
  for (const model of models) {
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
    cells: callsPerModel * models.length,
    inputTokens: inputPerModel * models.length,
    maxOutputTokens,
    minCostUsd,
    maxCostUsd,
    unpriced,
  };
}

function modelPrice(options: EstimateOptions, ref: string): Price | undefined {
  const colon = ref.indexOf(':');
  const provider = resolveProvider(options.project, options.env, ref.slice(0, colon));
  const name = ref.slice(colon + 1) || provider.info.defaultModel;
  return name === undefined ? undefined : priceFor(provider, name, options.project.config.prices);
}
