import { checkInput } from './check-input.ts';
import { binomialCdf, binomialPmf } from './distributions.ts';

/** Two-sided p-values of McNemar's test computed exactly from the discordant pairs. */
export interface McnemarResult {
  /** Exact conditional p-value: 2·P(X ≤ min(b, c)), X ~ Binomial(b + c, ½), capped at 1. */
  exactPValue: number;
  /** Mid-p: the same with half the probability of the observed table (Lancaster 1961). */
  midPValue: number;
}

/**
 * Exact McNemar test: given b + c discordant pairs, b is Binomial(b + c, ½) when the two
 * sides pass equally often. The exact version is conservative (it holds its level by
 * rejecting less than α); the mid-p version is the one Fagerland, Lydersen & Laake (2013)
 * recommend, with a rejection rate close to α.
 */
export function mcnemarExact(aOnly: number, bOnly: number): McnemarResult {
  checkInput(
    Number.isInteger(aOnly) && Number.isInteger(bOnly) && aOnly >= 0 && bOnly >= 0,
    'discordant counts must be non-negative integers',
  );
  const discordant = aOnly + bOnly;
  // A balanced split is as unremarkable as it gets; return 1 exactly rather than 1 − rounding.
  if (aOnly === bOnly) return { exactPValue: 1, midPValue: 1 };
  const smaller = Math.min(aOnly, bOnly);
  const tail = binomialCdf(smaller, discordant, 0.5);
  const atObserved = binomialPmf(smaller, discordant, 0.5);
  return {
    exactPValue: Math.min(1, 2 * tail),
    midPValue: Math.min(1, 2 * (tail - atObserved / 2)),
  };
}
