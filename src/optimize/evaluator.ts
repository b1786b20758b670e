import type { EmbedFunction, JudgeFunction } from '../eval/assertions/assertion-context.ts';
import { checkAnswer } from '../eval/assertions/check-answer.ts';
import type { CompiledAssertions } from '../eval/assertions/compile-assertions.ts';
import type { Library } from '../library/library.ts';
import { cutShortMessage, isCutShort } from '../models/finish-reason.ts';
import type { Model } from '../models/model.ts';
import { costOf } from '../models/prices.ts';
import type { TokenCounter } from '../models/token-counter.ts';
import type { GenerateResult, ModelParams, Price } from '../spec/model.ts';
import type { RenderedPrompt, ResolvedPrompt } from '../spec/prompt.ts';
import type { SuiteTest } from '../spec/suite.ts';
import { addSpend, NO_SPEND, type OptimizationStore, type Spend } from '../store/optimization-store.ts';
import { isPlumeError, PlumeError } from '../util/errors.ts';
import { type Budget, BudgetExhausted } from './budget.ts';
import type { Candidate } from './candidate.ts';
import { spendOf } from './proposers/spend.ts';

/** A candidate's outcome on one test: pass 1/0, score in [0, 1]. */
export interface TestOutcome {
  testId: string;
  pass: number;
  score: number;
  /** The model's answer; undefined when there was none (the candidate did not render). */
  output: string | undefined;
}

/** A test the optimizer scores candidates on. */
export interface OptimizationTest {
  test: SuiteTest;
  assertions: CompiledAssertions;
}

export interface EvaluatorOptions {
  store: OptimizationStore;
  optimizationId: string;
  library: Library;
  promptName: string;
  /** The starting prompt's front matter with its fences (`---\n...\n---\n`), or ''. */
  frontMatter: string;
  model: Model;
  params: ModelParams;
  /** List price of the target model, for worst-case cost checks; undefined when unknown. */
  price: Price | undefined;
  budget: Budget;
  allowCode: boolean;
  /** Whether code that came with test data may run too. */
  allowDataCode?: boolean;
  judge?: JudgeFunction;
  /** Embeds texts for `similar` checks. */
  embed?: EmbedFunction;
  tokenCounter: TokenCounter;
  concurrency: number;
  signal?: AbortSignal;
  /** Told after every call the model answered (not for stored results). */
  onCall?: () => void;
}

/** The answer length assumed for a worst-case check when neither the prompt nor the model sets maxTokens. */
const DEFAULT_WORST_OUTPUT_TOKENS = 1024;

/**
 * Scores candidates on tests: render, call the target model, run the test's checks. Every result
 * is stored as it comes, so asking again (in a later round, or after a resume) costs nothing.
 * A call is made only when its worst case fits the budget; otherwise BudgetExhausted is thrown.
 */
export class CandidateEvaluator {
  readonly #options: EvaluatorOptions;
  /** (candidate, test) pairs whose cost this process has counted against the budget. */
  readonly #charged = new Set<string>();

  constructor(options: EvaluatorOptions) {
    this.#options = options;
  }

  /** Outcomes of `candidate` on `tests`, in the same order. */
  async evaluate(candidate: Candidate, tests: readonly OptimizationTest[]): Promise<TestOutcome[]> {
    const options = this.#options;
    options.store.addCandidate(options.optimizationId, candidate.hash, candidate.body, {
      ...candidate.origin,
    });
    const stored = options.store.results(options.optimizationId, candidate.hash);
    const outcomes: (TestOutcome | undefined)[] = tests.map((entry) => {
      const result = stored.get(entry.test.id);
      if (result === undefined) return undefined;
      // A result stored before a resume counts against the budget as when it was paid for, so a
      // resumed optimization stops exactly where an uninterrupted one would.
      const key = `${candidate.hash}\n${entry.test.id}`;
      if (!this.#charged.has(key)) {
        this.#charged.add(key);
        options.budget.charge(result.spend, result.graderSpend);
      }
      return {
        testId: entry.test.id,
        pass: result.pass ?? 0,
        score: result.score ?? 0,
        output: result.output,
      };
    });
    const missing = tests
      .map((entry, index) => ({ entry, index }))
      .filter(({ index }) => outcomes[index] === undefined);
    if (missing.length === 0) return outcomes as TestOutcome[];
    const prompt = await this.#compile(candidate);
    let next = 0;
    let exhausted = false;
    const worker = async () => {
      while (next < missing.length && !exhausted) {
        const { entry, index } = missing[next++]!;
        options.signal?.throwIfAborted();
        const outcome = await this.#score(candidate, prompt, entry);
        if (outcome === undefined) {
          exhausted = true;
          return;
        }
        outcomes[index] = outcome;
      }
    };
    // Every worker settles before an error is passed on: none is left writing to the store.
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(options.concurrency, missing.length) }, worker),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    if (exhausted) throw new BudgetExhausted();
    return outcomes as TestOutcome[];
  }

  async #compile(candidate: Candidate): Promise<ResolvedPrompt | undefined> {
    try {
      return await this.#options.library.draft(
        this.#options.promptName,
        this.#options.frontMatter + candidate.body,
      );
    } catch (error) {
      if (isPlumeError(error) && error.category === 'user') return undefined;
      throw error;
    }
  }

  /** One (candidate, test) pair; undefined when the budget cannot pay for the call. */
  async #score(
    candidate: Candidate,
    prompt: ResolvedPrompt | undefined,
    entry: OptimizationTest,
  ): Promise<TestOutcome | undefined> {
    const options = this.#options;
    const { test } = entry;
    const record = (
      pass: number,
      score: number,
      spend: Spend,
      error?: string,
      output?: string,
      graderSpend: Spend = NO_SPEND,
    ): TestOutcome => {
      this.#charged.add(`${candidate.hash}\n${test.id}`);
      const result = { testId: test.id, pass, score, error, output };
      options.store.saveResult(options.optimizationId, candidate.hash, result, spend, graderSpend);
      return { testId: test.id, pass, score, output };
    };
    if (prompt === undefined) return record(0, 0, NO_SPEND, 'the candidate does not compile');
    let rendered: RenderedPrompt;
    try {
      rendered = await prompt.render(test.vars);
    } catch (error) {
      if (isPlumeError(error) && error.category === 'user') return record(0, 0, NO_SPEND, error.code);
      throw error;
    }
    const params = { ...rendered.params, ...options.params };
    const promptText = rendered.messages.map((message) => message.content).join('\n');
    const judgeCalls = entry.assertions.needsModels.size > 0 ? entry.assertions.checks.length : 0;
    const worst = worstCase(promptText, params, options.price, 1 + judgeCalls);
    if (!options.budget.hold(worst)) return undefined;
    const spend = { ...NO_SPEND };
    const graderSpend = { ...NO_SPEND };
    try {
      const { output, pass, score } = await this.#call(entry, rendered, params, promptText, {
        spend,
        graderSpend,
      });
      const outcome = record(pass, score, spend, undefined, output, graderSpend);
      options.onCall?.();
      return outcome;
    } finally {
      options.budget.settle(worst, spend, graderSpend);
    }
  }

  /**
   * Call the model and grade its answer; `spend` accumulates every call made (judges included),
   * `graderSpend` the judges' part of it.
   */
  async #call(
    entry: OptimizationTest,
    rendered: RenderedPrompt,
    params: ModelParams,
    promptText: string,
    { spend, graderSpend }: { spend: Spend; graderSpend: Spend },
  ): Promise<{ output: string; pass: number; score: number }> {
    const options = this.#options;
    const { test } = entry;
    const account = (result: GenerateResult, grader = false) => {
      Object.assign(spend, addSpend(spend, spendOf(result)));
      if (grader) Object.assign(graderSpend, addSpend(graderSpend, spendOf(result)));
    };
    const result = await options.model.generate(
      {
        messages: rendered.messages,
        params,
        vars: test.vars,
        ...(rendered.outputSchema === undefined ? {} : { outputSchema: rendered.outputSchema }),
      },
      options.signal ? { signal: options.signal } : {},
    );
    account(result);
    if (isCutShort(result)) throw cutShort(result.finishReason, options.signal);
    const baseJudge = options.judge;
    const judge: JudgeFunction | undefined =
      baseJudge === undefined
        ? undefined
        : async (request, provider) => {
            const answer = await baseJudge(request, provider);
            account(answer, true);
            return answer;
          };
    const verdict = await checkAnswer(entry.assertions, test, result, {
      prompt: promptText,
      allowCode: options.allowCode,
      allowDataCode: options.allowDataCode === true,
      judge,
      embed: options.embed,
      tokenCount: options.tokenCounter.count,
    });
    return { output: result.text, pass: verdict.pass ? 1 : 0, score: clamp01(verdict.score) };
  }
}

/** The most one scored test can cost: every call at its longest answer. */
export function worstCase(
  promptText: string,
  params: ModelParams,
  price: Price | undefined,
  calls: number,
): Spend {
  // Four characters per token is typical; 2 keeps the check on the safe side for any tokenizer.
  const inputTokens = Math.ceil(promptText.length / 2) * calls;
  const outputTokens = (params.maxTokens ?? DEFAULT_WORST_OUTPUT_TOKENS) * calls;
  const costUsd = costOf(price, inputTokens, outputTokens) ?? 0;
  return { calls, inputTokens, outputTokens, costUsd };
}

/**
 * An answer cut short is not scored: the optimization stops as an interrupt stops it, or, cut by
 * the provider, as a failed call does; `--resume` goes on from the results stored before it.
 */
function cutShort(finishReason: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  return new PlumeError({
    code: 'PROVIDER_BAD_RESPONSE',
    message: cutShortMessage(finishReason),
    hint: 'run again with --resume',
    retryable: true,
  });
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
