import type { Assertion, AssertionResult } from '../../spec/assertion.ts';
import type { AssertionContext, CompareContext } from './assertion-context.ts';

/** What a check concludes about one output, before negation and weighting. */
export interface AssertionOutcome {
  pass: boolean;
  /** 0..1 */
  score: number;
  /** States what was observed, so it reads right whether or not the check is negated. */
  reason: string;
  /** The check could not decide; negation never turns this into a pass. */
  error?: true;
  /** A failure of the check itself (its code threw, its judge gave no grade): `not-` fails it too. */
  broken?: true;
}

/** Which model a check calls, so the engine can set it up (and refuse early when it cannot). */
export type ModelNeed = 'judge' | 'embedding' | 'moderation';

/** The model kinds a handler declares (one, or several for a check that both asks a judge and embeds). */
export type ModelNeeds = ModelNeed | readonly ModelNeed[];

/** A check of one cell: `parse` reads the user's config once, `check` runs per cell. */
export interface CellHandler<Config = unknown> {
  readonly kind: 'cell';
  readonly needsModel?: ModelNeeds;
  /** Runs suite-provided JavaScript, so it only works where the suite allows code. */
  readonly needsCode?: true;
  /** Reads the answer's token log-probabilities: the cell's call asks the provider for them. */
  readonly needsLogProbs?: true;
  /** Throws a PlumeError (CONFIG_INVALID) when the config is wrong. */
  parse(assertion: Assertion): Config;
  check(config: Config, context: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>;
}

/** A check that ranks the outputs of several cells of one test against each other. */
export interface CompareHandler<Config = unknown> {
  readonly kind: 'compare';
  readonly needsModel?: ModelNeeds;
  parse(assertion: Assertion): Config;
  /**
   * One outcome per output, in order. `results` holds, per output, the results of the test's
   * other checks on that cell (what max-score aggregates).
   */
  compare(
    config: Config,
    outputs: readonly string[],
    context: CompareContext,
    results: readonly (readonly AssertionResult[])[],
  ): Promise<AssertionOutcome[]>;
}

/** Any check the registry can hold. */
export type AssertionHandler = CellHandler | CompareHandler;

/** A failed outcome that means "could not decide", not "the output is wrong". */
export function undecided(reason: string): AssertionOutcome {
  return { pass: false, score: 0, reason, error: true };
}

/**
 * A check that ran and could give no verdict on the output: its code threw, its judge answered
 * with no grade. It fails, negated or not, so a broken check never lets an output through.
 */
export function broken(reason: string): AssertionOutcome {
  return { pass: false, score: 0, reason, broken: true };
}

/** A pass/fail outcome scored 1 or 0. */
export function verdict(pass: boolean, reason: string): AssertionOutcome {
  return { pass, score: pass ? 1 : 0, reason };
}
