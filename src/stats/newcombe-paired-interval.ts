import { checkConfidence } from './check-input.ts';
import type { Interval } from './interval.ts';
import { wilsonInterval } from './wilson-interval.ts';

/** The paired 2×2 table of two pass/fail columns over the same tests. */
export interface PairedTable {
  bothPass: number;
  /** A passed, B failed. */
  aOnly: number;
  /** B passed, A failed. */
  bOnly: number;
  neitherPass: number;
}

/**
 * Interval for the difference in pass rates B − A from paired data: Newcombe's (1998)
 * square-and-add of the two Wilson intervals, with the continuity-corrected correlation
 * between the two rates (his method 10, as in Fagerland, Lydersen & Laake 2014).
 * It stays inside [−1, 1] and keeps close to nominal coverage at small samples, unlike Wald.
 */
export function newcombePairedInterval(table: PairedTable, confidence = 0.95): Interval {
  checkConfidence(confidence);
  const { bothPass, aOnly, bOnly, neitherPass } = table;
  const total = bothPass + aOnly + bOnly + neitherPass;
  if (total === 0) return { estimate: Number.NaN, lower: -1, upper: 1, confidence };
  const aPasses = bothPass + aOnly;
  const bPasses = bothPass + bOnly;
  const rateA = aPasses / total;
  const rateB = bPasses / total;
  const a = wilsonInterval(aPasses, total, confidence);
  const b = wilsonInterval(bPasses, total, confidence);
  const phi = correctedCorrelation(table, total);
  const lowerGap = Math.sqrt(
    (rateB - b.lower) ** 2 - 2 * phi * (rateB - b.lower) * (a.upper - rateA) + (a.upper - rateA) ** 2,
  );
  const upperGap = Math.sqrt(
    (b.upper - rateB) ** 2 - 2 * phi * (b.upper - rateB) * (rateA - a.lower) + (rateA - a.lower) ** 2,
  );
  const estimate = rateB - rateA;
  return {
    estimate,
    lower: Math.max(-1, estimate - lowerGap),
    upper: Math.min(1, estimate + upperGap),
    confidence,
  };
}

/** φ between the two rates, shrunk by n/2 towards zero when positive (Newcombe's correction). */
function correctedCorrelation(table: PairedTable, total: number): number {
  const { bothPass, aOnly, bOnly, neitherPass } = table;
  const product = (bothPass + aOnly) * (bOnly + neitherPass) * (bothPass + bOnly) * (aOnly + neitherPass);
  if (product === 0) return 0;
  const crossDifference = bothPass * neitherPass - aOnly * bOnly;
  const corrected = crossDifference > total / 2 ? crossDifference - total / 2 : Math.min(crossDifference, 0);
  return corrected / Math.sqrt(product);
}
