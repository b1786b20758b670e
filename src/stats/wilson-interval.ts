import { checkConfidence, checkInput } from './check-input.ts';
import type { Interval } from './interval.ts';
import { normalCriticalValue } from './normal-critical-value.ts';

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3).
 * `trials` may be fractional: the clustered interval passes an effective sample size.
 * With no trials the estimate is NaN and the interval is the whole of [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkConfidence(confidence);
  checkInput(trials >= 0 && successes >= 0 && successes <= trials, 'successes must lie between 0 and trials');
  if (trials === 0) return { estimate: Number.NaN, lower: 0, upper: 1, confidence };
  const proportion = successes / trials;
  const z = normalCriticalValue(confidence);
  const zSquared = z * z;
  const denominator = 1 + zSquared / trials;
  const centre = (proportion + zSquared / (2 * trials)) / denominator;
  const halfWidth =
    (z * Math.sqrt((proportion * (1 - proportion)) / trials + zSquared / (4 * trials * trials))) /
    denominator;
  // At 0 or 1 successes the bound is exact algebraically; clamp away rounding noise.
  return {
    estimate: proportion,
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === trials ? 1 : Math.min(1, centre + halfWidth),
    confidence,
  };
}
