import { checkConfidence, checkInput } from './check-input.ts';
import type { Interval } from './interval.ts';
import { normalCriticalValue } from './normal-critical-value.ts';

/** Agreement of two raters beyond chance; `kappa` is undefined (with `reason`) when it cannot be computed. */
export interface KappaResult {
  /** Items both raters judged. */
  n: number;
  /** Share of items on which the raters agree (p_o). */
  observedAgreement: number | undefined;
  /** Share of agreement expected by chance from the margins (p_e). */
  expectedAgreement: number | undefined;
  kappa: number | undefined;
  /** Large-sample standard error (Fleiss, Cohen & Everitt 1969), not the one under κ = 0. */
  standardError: number | undefined;
  /** Wald interval κ ± z·SE, clipped to [-1, 1]. */
  interval: Interval | undefined;
  /** Why kappa is undefined. */
  reason?: string;
}

/**
 * Cohen's kappa (Cohen 1960) of a k×k table of counts: `table[i][j]` items that the first rater
 * put in category i and the second in category j. Its standard error is the asymptotic one of
 * Fleiss, Cohen & Everitt (1969), as Stata's kapci and SAS's PROC FREQ report it.
 */
export function cohenKappa(table: readonly (readonly number[])[], confidence = 0.95): KappaResult {
  checkConfidence(confidence);
  const k = table.length;
  checkInput(k >= 2, 'a kappa table needs at least two categories');
  checkInput(
    table.every((row) => row.length === k && row.every((count) => Number.isFinite(count) && count >= 0)),
    'a kappa table is square with non-negative counts',
  );
  const n = table.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  if (n === 0) return undefinedKappa(0, undefined, undefined, 'no items were rated by both');
  const p = table.map((row) => row.map((count) => count / n));
  const rows = p.map((row) => row.reduce((a, b) => a + b, 0));
  const columns = p[0]!.map((_, j) => p.reduce((sum, row) => sum + row[j]!, 0));
  const observed = p.reduce((sum, row, i) => sum + row[i]!, 0);
  const expected = rows.reduce((sum, row, i) => sum + row * columns[i]!, 0);
  if (expected >= 1 - 1e-12) {
    return undefinedKappa(
      n,
      observed,
      expected,
      'both raters gave one and the same verdict every time: chance explains all agreement',
    );
  }
  const kappa = (observed - expected) / (1 - expected);
  const standardError = Math.sqrt(
    Math.max(0, fleissVariance(p, rows, columns, kappa, expected)) / (n * (1 - expected) ** 2),
  );
  const z = normalCriticalValue(confidence);
  return {
    n,
    observedAgreement: observed,
    expectedAgreement: expected,
    kappa,
    standardError,
    interval: {
      estimate: kappa,
      lower: Math.max(-1, kappa - z * standardError),
      upper: Math.min(1, kappa + z * standardError),
      confidence,
    },
  };
}

/** Counts of pass/fail pairs as a 2×2 table: rows the first verdict (pass, fail), columns the second. */
export function passFailTable(pairs: Iterable<readonly [boolean, boolean]>): number[][] {
  const table = [
    [0, 0],
    [0, 0],
  ];
  for (const [first, second] of pairs) table[first ? 0 : 1]![second ? 0 : 1]! += 1;
  return table;
}

// Numerator of the variance: A + B − C in the notation of SAS's PROC FREQ documentation.
function fleissVariance(
  p: readonly (readonly number[])[],
  rows: readonly number[],
  columns: readonly number[],
  kappa: number,
  expected: number,
): number {
  let a = 0;
  let b = 0;
  p.forEach((row, i) => {
    row.forEach((cell, j) => {
      if (i === j) a += cell * (1 - (rows[i]! + columns[i]!) * (1 - kappa)) ** 2;
      else b += cell * (columns[i]! + rows[j]!) ** 2;
    });
  });
  return a + (1 - kappa) ** 2 * b - (kappa - expected * (1 - kappa)) ** 2;
}

function undefinedKappa(
  n: number,
  observed: number | undefined,
  expected: number | undefined,
  reason: string,
): KappaResult {
  return {
    n,
    observedAgreement: observed,
    expectedAgreement: expected,
    kappa: undefined,
    standardError: undefined,
    interval: undefined,
    reason,
  };
}
