import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { NO_LOGPROBS } from '../undecided-advice.ts';

interface PerplexityConfig {
  threshold: number | undefined;
}

/** exp of minus the mean log-probability of the output's tokens; undefined when there are none. */
export function perplexityOf(logProbs: readonly number[] | undefined): number | undefined {
  if (logProbs === undefined || logProbs.length === 0) return undefined;
  const mean = logProbs.reduce((sum, value) => sum + value, 0) / logProbs.length;
  return Math.exp(-mean);
}

/**
 * The output's perplexity (from the token log-probabilities its provider returned) is at most
 * `threshold` (always passes without one); scored 1 / perplexity, as promptfoo.
 */
export const perplexity: CellHandler<PerplexityConfig> = {
  kind: 'cell',
  needsLogProbs: true,
  parse: (assertion: Assertion) => ({ threshold: assertion.threshold }),
  check(config: PerplexityConfig, context: AssertionContext): AssertionOutcome {
    const value = perplexityOf(context.logProbs);
    if (value === undefined) return undecided(NO_LOGPROBS);
    const pass = config.threshold === undefined || value <= config.threshold;
    const mark = config.threshold === undefined ? '' : ` ${pass ? '≤' : '>'} ${config.threshold}`;
    return { pass, score: 1 / value, reason: `Perplexity ${value.toFixed(3)}${mark}` };
  },
};

/** 1 / (1 + perplexity), from 0 to 1, reaches `threshold` (always passes without one), as promptfoo. */
export const perplexityScore: CellHandler<PerplexityConfig> = {
  kind: 'cell',
  needsLogProbs: true,
  parse: (assertion: Assertion) => ({ threshold: assertion.threshold }),
  check(config: PerplexityConfig, context: AssertionContext): AssertionOutcome {
    const value = perplexityOf(context.logProbs);
    if (value === undefined) return undecided(NO_LOGPROBS);
    const score = 1 / (1 + value);
    const pass = config.threshold === undefined || score >= config.threshold;
    const mark = config.threshold === undefined ? '' : ` ${pass ? '≥' : '<'} ${config.threshold}`;
    return {
      pass,
      score,
      reason: `Perplexity score ${score.toFixed(3)}${mark} (perplexity ${value.toFixed(3)})`,
    };
  },
};
