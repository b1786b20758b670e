import { checkInput } from './check-input.ts';
import { normalQuantile } from './distributions.ts';

/** What the sample size is computed from: the observed spread of paired results. */
export type SampleSizeInput =
  | {
      kind: 'pass-fail';
      /** Share of tests where the two sides disagree (observed, or expected). */
      discordance: number;
      /** Difference in pass rates to detect, as a proportion (0.05 for 5 pp). */
      difference: number;
    }
  | {
      /** Two independent groups of tests (values of a variable), unpaired. */
      kind: 'two-proportions';
      /** The two pass rates (observed, or expected); the difference to detect is theirs. */
      rates: [number, number];
    }
  | {
      kind: 'score';
      /** Standard deviation of the per-test differences. */
      standardDeviation: number;
      /** Mean difference to detect, in score units. */
      difference: number;
    };

/** Level and power of the planned test. */
export interface PowerOptions {
  /** Two-sided significance level; pass α/m to plan for a Holm family of m comparisons. Default 0.05. */
  alpha?: number;
  /** Chance of detecting the difference if it is real; default 0.8. */
  power?: number;
}

/**
 * Tests needed for a paired comparison to detect `difference` with the given power.
 * Pass/fail: Connor's (1987) formula for McNemar's test, n = (z_α·√ψ + z_β·√(ψ − δ²))² / δ²,
 * with ψ the discordance (raised to |δ| when smaller: fewer disagreements cannot make δ).
 * Two proportions (unpaired, per group): Fleiss's formula without continuity correction,
 * n = (z_α·√(2p̄q̄) + z_β·√(p₁q₁ + p₂q₂))² / δ², with p̄ the mean of the two rates.
 * Scores: the paired t formula with Guenther's (1981) correction, n = ((z_α + z_β)·σ/δ)² + z_α²/2.
 * Undefined when the difference is zero (never detectable) or the spread is unknown.
 */
export function requiredSampleSize(input: SampleSizeInput, options: PowerOptions = {}): number | undefined {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  checkInput(alpha > 0 && alpha < 1 && power > 0 && power < 1, 'alpha and power must lie between 0 and 1');
  const delta = Math.abs(
    input.kind === 'two-proportions' ? input.rates[0] - input.rates[1] : input.difference,
  );
  if (!(delta > 0)) return undefined;
  const zAlpha = normalQuantile(1 - alpha / 2, 0, 1);
  const zBeta = normalQuantile(power, 0, 1);
  if (input.kind === 'two-proportions') {
    const [first, second] = input.rates;
    checkInput(first >= 0 && first <= 1 && second >= 0 && second <= 1, 'rates must lie between 0 and 1');
    const pooled = (first + second) / 2;
    const root =
      zAlpha * Math.sqrt(2 * pooled * (1 - pooled)) +
      zBeta * Math.sqrt(first * (1 - first) + second * (1 - second));
    return Math.ceil((root * root) / (delta * delta));
  }
  if (input.kind === 'pass-fail') {
    if (delta > 1) return undefined;
    const discordance = Math.min(1, Math.max(input.discordance, delta));
    const root =
      zAlpha * Math.sqrt(discordance) + zBeta * Math.sqrt(Math.max(0, discordance - delta * delta));
    return Math.ceil((root * root) / (delta * delta));
  }
  if (!(input.standardDeviation > 0)) return undefined;
  const ratio = ((zAlpha + zBeta) * input.standardDeviation) / delta;
  return Math.ceil(ratio * ratio + (zAlpha * zAlpha) / 2);
}
