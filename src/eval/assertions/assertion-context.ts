import type { GenerateRequest, GenerateResult, ServiceModelRef, Usage } from '../../spec/model.ts';

/** Calls the judge model an assertion names in `provider` (undefined: the suite's default judge). */
export type JudgeFunction = (
  request: GenerateRequest,
  provider: ServiceModelRef | undefined,
) => Promise<GenerateResult>;

/**
 * Embeds texts with the model an assertion names in `provider` (undefined: the default embedder);
 * resolves to undefined when there is no such model (the check is undecided, with advice).
 */
export type EmbedFunction = (
  texts: string[],
  provider: ServiceModelRef | undefined,
) => Promise<Float32Array[] | undefined>;

/**
 * The moderation categories a model flags in a text, asked of the model an assertion names
 * (undefined: the default); resolves to undefined when there is no moderation model to ask.
 */
export type ModerateFunction = (
  text: string,
  provider: ServiceModelRef | undefined,
) => Promise<string[] | undefined>;

/** The test a cell belongs to, as far as checks care. */
export interface AssertionTest {
  description?: string;
  /** Scores of factuality's categories its options set (promptfoo's `options.factuality`). */
  factuality?: Readonly<Record<string, number>>;
  /** The expected or ideal answer, used by reference-based checks when they have no `value`. */
  expected?: string;
}

/**
 * Everything a check may look at for one cell. Models come in as functions, so checks know
 * nothing of providers, caches or budgets.
 */
export interface AssertionContext {
  output: string;
  /** The rendered prompt text the output answers, when the caller has it. */
  prompt?: string;
  vars: Readonly<Record<string, unknown>>;
  test: AssertionTest;
  /** undefined when unknown (for example an answer replayed from an old cache). */
  latencyMs: number | undefined;
  costUsd: number | undefined;
  tokens: Usage | undefined;
  /** Why the model stopped (`stop`, `length`, `tool-calls`...); undefined when unknown. */
  finishReason?: string;
  /**
   * The function or tool declarations of the model under test (its config's `tools` or
   * `functions`), for the checks of function calls; undefined when it declares none.
   */
  tools?: readonly unknown[];
  /** Whether the run allows the suite's own JavaScript (`javascript`, `transform`). */
  allowCode: boolean;
  /** Whether it also allows JavaScript that came with test data (`allowCode: true`); absent: no. */
  allowDataCode?: boolean;
  judge?: JudgeFunction;
  embed?: EmbedFunction;
  moderate?: ModerateFunction;
  /** Log-probabilities of the output's tokens, when the provider returned them (perplexity checks ask). */
  logProbs?: readonly number[] | undefined;
  /** Tokens in a text for the model under test (or a stand-in tokenizer). */
  tokenCount: (text: string) => number;
}

/** What a check comparing several cells of one test may look at. */
export type CompareContext = Omit<
  AssertionContext,
  'output' | 'latencyMs' | 'costUsd' | 'tokens' | 'logProbs' | 'finishReason' | 'tools'
>;
