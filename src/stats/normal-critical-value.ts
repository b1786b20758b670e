import { normalQuantile } from './distributions.ts';

/** z such that a standard normal lies within ±z with the given two-sided confidence (1.96 for 0.95). */
export function normalCriticalValue(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}
