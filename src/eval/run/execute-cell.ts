import { cutShortMessage, isCutShort } from '../../models/finish-reason.ts';
import type { CacheMode, Model } from '../../models/model.ts';
import type { TokenCounter } from '../../models/token-counter.ts';
import type { AssertionsResult } from '../../spec/assertion.ts';
import type { GenerateResult, ModelParams } from '../../spec/model.ts';
import type { CellError, CellRecord } from '../../spec/run.ts';
import { isPlumeError } from '../../util/errors.ts';
import type { EmbedFunction, JudgeFunction } from '../assertions/assertion-context.ts';
import { checkAnswer } from '../assertions/check-answer.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { CellPlan } from './plan-cells.ts';
import type { RunPrompt } from './run-prompts.ts';

/** A model of a run: what the suite asked for and the registry model that answers. */
export interface RunModel {
  label: string;
  ref: string;
  params: ModelParams;
  model: Model;
  breaker: CircuitBreaker;
  /** Counts tokens for token-count checks: the model's tokenizer where known, else an approximation. */
  tokenCounter: TokenCounter;
}

/** What every cell of a run shares. */
export interface ExecutionContext {
  prompts: readonly RunPrompt[];
  models: readonly RunModel[];
  cache: CacheMode;
  allowCode: boolean;
  judge?: JudgeFunction;
  embed?: EmbedFunction;
  signal?: AbortSignal;
  /** Told when a model's breaker opens. */
  onModelDown?: (model: RunModel, reason: string) => void;
}

/**
 * Run one cell: render, call, check. Never throws: a failed render or call, or an answer cut short,
 * becomes the cell's error (code and message, never the prompt or a key), a failed check a result
 * with its reason.
 */
export async function executeCell(
  plan: CellPlan,
  context: ExecutionContext,
  onWait?: (waiting: boolean) => void,
): Promise<CellRecord> {
  const runModel = context.models[plan.modelIndex]!;
  const prompt = context.prompts[plan.promptIndex]!;
  const { test } = plan.test;
  if (runModel.breaker.isOpen) return errorCell(plan, runModel.breaker.skipError);
  let result: GenerateResult;
  let promptText: string;
  try {
    const rendered = await prompt.resolved.render(test.vars);
    promptText = textOf(rendered.messages);
    // Objects written out rather than spread in: this runs once per cell.
    const request = {
      messages: rendered.messages,
      params: { ...rendered.params, ...runModel.params },
      vars: test.vars,
      outputSchema: rendered.outputSchema,
    };
    result = await runModel.model.generate(request, {
      cache: context.cache,
      sample: plan.repeat,
      signal: runModel.breaker.signal,
      onWait,
    });
  } catch (error) {
    const cellError = runModel.breaker.cutOff(error) ?? toCellError(error);
    if (runModel.breaker.record(cellError.code, cellError.message))
      context.onModelDown?.(runModel, cellError.message);
    return errorCell(plan, cellError);
  }
  runModel.breaker.record(undefined);
  if (isCutShort(result)) return errorCell(plan, cutShortError(result.finishReason, context.signal));
  const verdict = await checkAnswer(plan.test.assertions, test, result, {
    prompt: promptText,
    allowCode: context.allowCode,
    judge: context.judge,
    embed: context.embed,
    tokenCount: runModel.tokenCounter.count,
  });
  return cellRecord(plan, result, verdict, undefined);
}

/** A cell that could not be run, with why. */
export function errorCell(plan: CellPlan, error: CellError): CellRecord {
  return cellRecord(plan, undefined, undefined, error);
}

/**
 * A finished cell: its place in the run, and the answer and verdict or the error. One object
 * literal, not spread from a base: an object built by spreading six fields and adding thirteen
 * grows its property store several times, and this runs once per cell.
 */
function cellRecord(
  plan: CellPlan,
  answer: GenerateResult | undefined,
  verdict: AssertionsResult | undefined,
  error: CellError | undefined,
): CellRecord {
  return {
    key: plan.key,
    promptIndex: plan.promptIndex,
    modelIndex: plan.modelIndex,
    testIndex: plan.test.index,
    testId: plan.test.test.id,
    repeat: plan.repeat,
    output: answer?.text,
    inputTokens: answer?.usage.inputTokens,
    outputTokens: answer?.usage.outputTokens,
    costUsd: answer === undefined ? undefined : answer.cached ? 0 : answer.costUsd,
    latencyMs: answer?.latencyMs,
    cached: answer?.cached ?? false,
    error,
    pass: verdict?.pass,
    score: verdict?.score,
    reason: verdict?.reason,
    assertions: verdict?.results ?? [],
  };
}

// The prompt's text for checks: its messages' contents, one per line.
function textOf(messages: readonly { content: string }[]): string {
  return messages.length === 1 ? messages[0]!.content : messages.map((message) => message.content).join('\n');
}

/**
 * An answer cut short is not scored: cut by the run's own interrupt, it is left for the resume (the
 * runner drops an error cell of an interrupted run); cut by the provider, it is an error that
 * `--retry-errors` runs again.
 */
function cutShortError(finishReason: string, signal: AbortSignal | undefined): CellError {
  if (signal?.aborted)
    return { code: 'ABORTED', message: 'the run was interrupted before the answer was complete' };
  return { code: 'PROVIDER_BAD_RESPONSE', message: cutShortMessage(finishReason) };
}

function toCellError(error: unknown): CellError {
  if (isPlumeError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
