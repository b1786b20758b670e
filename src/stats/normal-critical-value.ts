import { normalQuantile } from './distributions.ts';

/**
 * z for 95%, the level every report uses, to the bit as the normal quantile gives it: written here
 * so that a report whose intervals need nothing else does not load that distribution (about a
 * hundred modules).
 */
const Z_95 = 1.9599639845400538;

/** z such that a standard normal lies within ±z with the given two-sided confidence (1.96 for 0.95). */
export function normalCriticalValue(confidence: number): number {
  if (confidence === 0.95) return Z_95;
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}
