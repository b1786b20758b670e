import { cutShortMessage, isCutShort } from '../../models/finish-reason.ts';
import { sleep } from '../../models/middleware/retry-middleware.ts';
import type { CacheMode, Model } from '../../models/model.ts';
import type { TokenCounter } from '../../models/token-counter.ts';
import type { AssertionsResult } from '../../spec/assertion.ts';
import type { GenerateResult, ModelParams } from '../../spec/model.ts';
import type { CellError, CellRecord } from '../../spec/run.ts';
import type { CodePolicy, TestOptions } from '../../spec/suite.ts';
import { CELL_ANSWER } from '../../store/answer-journal.ts';
import { findDamage } from '../../store/damaged-store.ts';
import { isPlumeError } from '../../util/errors.ts';
import type { SecretSet } from '../../util/secret-set.ts';
import type { EmbedFunction, JudgeFunction } from '../assertions/assertion-context.ts';
import { checkAnswer } from '../assertions/check-answer.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { CellPlan } from './plan-cells.ts';
import type { RunPrompt } from './run-prompts.ts';
import { type TestCode, undecidedVerdict } from './test-code.ts';

/** A model of a run: what the suite asked for and the registry model that answers. */
export interface RunModel {
  label: string;
  ref: string;
  params: ModelParams;
  model: Model;
  breaker: CircuitBreaker;
  /** Counts tokens for token-count checks: the model's tokenizer where known, else an approximation. */
  tokenCounter: TokenCounter;
  /** Where its answers are kept until their cells are stored; undefined when the response cache keeps them, or they cost nothing. */
  journal?: CellJournal | undefined;
  /** The tool declarations of its suite entry, for the checks that validate tool calls. */
  tools?: readonly unknown[] | undefined;
}

/**
 * A run's journal of answers (see AnswerJournal): a run without the response cache keeps each
 * answer of a paid call there before using it, so that a resume after a kill does not pay for it again.
 */
export interface CellJournal {
  /** The answer kept for a call of a cell (`call`: CELL_ANSWER, or a grader's request hash); only a resume finds any. */
  answer(cellKey: string, call: string): GenerateResult | undefined;
  /** Keep an answer, never one cut short; committed when this returns. */
  record(cellKey: string, call: string, answer: GenerateResult): void;
}

/** What every cell of a run shares. */
export interface ExecutionContext {
  prompts: readonly RunPrompt[];
  models: readonly RunModel[];
  cache: CacheMode;
  /** Whose code may run (the suite's CodePolicy). */
  codePolicy: CodePolicy;
  judge?: JudgeFunction;
  /** The judge of one cell where the run journals its graders' answers (journaledJudge); else `judge`. */
  cellJudge?: (cellKey: string) => JudgeFunction;
  embed?: EmbedFunction;
  signal?: AbortSignal;
  /** Credentials to clear out of a cell's error before it is stored (an error may quote a request). */
  secrets?: SecretSet;
  /** Told when a model's breaker opens. */
  onModelDown?: (model: RunModel, reason: string) => void;
  /** The tests' own options code (transformVars, transform); absent: a run with none. */
  testCode?: TestCode;
  /** Outputs stored by earlier tests' `storeOutputAs`, which later tests see as vars (a run of one cell at a time). */
  registers?: Map<string, string>;
  /** Milliseconds to wait after each call that was not answered from the cache (promptfoo's `delay`). */
  delayMs?: number;
}

/**
 * Run one cell: render, call (or take the answer its run journaled before a kill), journal the
 * answer, check. A failed render or call, or an answer cut short, becomes the cell's error (code and
 * message, never the prompt or a key), a failed check a result with its reason. Throws only when the
 * journal cannot be written or the store is damaged: the run stops, as when its cells cannot be stored.
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
  const { journal } = runModel;
  let vars = test.vars;
  const transformedVars = context.testCode?.vars(test);
  if (transformedVars !== undefined) {
    const transformed = await transformedVars;
    if (!transformed.ok)
      return cellRecord(
        plan,
        undefined,
        undecidedVerdict(plan.test.assertions, transformed.reason),
        undefined,
      );
    vars = transformed.value;
  }
  if (context.registers !== undefined && context.registers.size > 0)
    vars = { ...vars, ...Object.fromEntries(context.registers) };
  let result: GenerateResult;
  let journaled: GenerateResult | undefined;
  let promptText: string;
  try {
    const rendered = withAffixes(await prompt.resolved.render(vars), test.options);
    promptText = textOf(rendered.messages);
    journaled = journal?.answer(plan.key, CELL_ANSWER);
    // Objects written out rather than spread in: this runs once per cell.
    const request = {
      messages: rendered.messages,
      params: { ...rendered.params, ...runModel.params },
      vars,
      outputSchema: rendered.outputSchema,
    };
    result =
      journaled ??
      (await runModel.model.generate(request, {
        cache: context.cache,
        sample: plan.repeat,
        signal: runModel.breaker.signal,
        onWait,
      }));
  } catch (error) {
    // A damaged store (a cached answer or the journal unreadable) is no answer of the model's: the
    // run stops, as when its cells cannot be stored, and the store's error says how to recover.
    if (findDamage(error) !== undefined) throw error;
    const cellError = runModel.breaker.cutOff(error) ?? toCellError(error, context.secrets);
    if (runModel.breaker.record(cellError.code, cellError.message))
      context.onModelDown?.(runModel, cellError.message);
    return errorCell(plan, cellError);
  }
  // Kept before it is used: from here on, a kill does not lose what this call cost.
  if (journal !== undefined && journaled === undefined && !isCutShort(result))
    journal.record(plan.key, CELL_ANSWER, result);
  runModel.breaker.record(undefined);
  if (isCutShort(result)) return errorCell(plan, cutShortError(result.finishReason, context.signal));
  if (context.delayMs !== undefined && context.delayMs > 0 && !result.cached)
    await sleep(context.delayMs, context.signal).catch(() => {});
  const transformedOutput = context.testCode?.output(test, result.text, vars, promptText);
  if (transformedOutput !== undefined) {
    const transformed = await transformedOutput;
    if (!transformed.ok)
      return cellRecord(plan, result, undecidedVerdict(plan.test.assertions, transformed.reason), undefined);
    result = { ...result, text: transformed.value };
  }
  if (test.options.storeOutputAs !== undefined)
    context.registers?.set(test.options.storeOutputAs, result.text);
  const checked = vars === test.vars ? test : { ...test, vars };
  const verdict = await checkAnswer(plan.test.assertions, checked, result, {
    prompt: promptText,
    allowCode: context.codePolicy !== 'none',
    allowDataCode: context.codePolicy === 'all',
    judge: context.cellJudge === undefined ? context.judge : context.cellJudge(plan.key),
    embed: context.embed,
    tokenCount: runModel.tokenCounter.count,
    tools: runModel.tools,
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
    // A cached answer made no call: it has no latency or queue wait of its own (the lookup's time
    // would pull a column's median latency towards 0).
    latencyMs: answer === undefined || answer.cached ? undefined : answer.latencyMs,
    queueMs: answer === undefined || answer.cached ? undefined : answer.queueMs,
    cached: answer?.cached ?? false,
    error,
    // An undecided cell has neither a verdict nor a score (see cellVerdict).
    pass: verdict === undefined || verdict.undecided ? undefined : verdict.pass,
    score: verdict === undefined || verdict.undecided ? undefined : verdict.score,
    reason: verdict?.reason,
    assertions: verdict?.results ?? [],
  };
}

/** The rendered prompt with the test's `prefix` before its first message and `suffix` after its last. */
function withAffixes<T extends { messages: { content: string }[] }>(rendered: T, options: TestOptions): T {
  const { prefix, suffix } = options;
  if ((prefix === undefined && suffix === undefined) || rendered.messages.length === 0) return rendered;
  const messages = rendered.messages.map((message) => ({ ...message }));
  messages[0]!.content = (prefix ?? '') + messages[0]!.content;
  const last = messages[messages.length - 1]!;
  last.content += suffix ?? '';
  return { ...rendered, messages };
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

function toCellError(error: unknown, secrets: SecretSet | undefined): CellError {
  const code = isPlumeError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: secrets === undefined ? message : secrets.redact(message) };
}
