import { checkConfidence, checkInput } from './check-input.ts';
import type { Interval } from './interval.ts';
import { mcnemarExact } from './mcnemar-exact.ts';
import { newcombePairedInterval, type PairedTable } from './newcombe-paired-interval.ts';

/** Options of {@link pairedPassFail}. */
export interface PairedPassFailOptions {
  confidence?: number;
  /** 'mid-p' (default, level close to α) or 'exact' (never above α, conservative). */
  variant?: 'mid-p' | 'exact';
}

/** Paired comparison of two pass/fail columns run once per test. */
export interface PairedPassFailResult {
  /** Tests in the comparison. */
  tests: number;
  rateA: number;
  rateB: number;
  /** Pass rate of B minus pass rate of A, with Newcombe's paired interval. */
  difference: Interval;
  /** Two-sided p-value of the chosen McNemar variant. */
  pValue: number;
  exactPValue: number;
  midPValue: number;
  method: 'mcnemar-mid-p' | 'mcnemar-exact';
  table: PairedTable;
  /** Share of tests where A and B disagree: drives the sample size needed. */
  discordance: number;
}

/** McNemar's test and Newcombe's interval for two pass/fail outcome arrays aligned by test. */
export function pairedPassFail(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: PairedPassFailOptions = {},
): PairedPassFailResult {
  const confidence = options.confidence ?? 0.95;
  checkConfidence(confidence);
  checkInput(a.length === b.length, `paired outcomes need the same tests: ${a.length} against ${b.length}`);
  const table = pairedTable(a, b);
  const tests = a.length;
  const { exactPValue, midPValue } = mcnemarExact(table.aOnly, table.bOnly);
  const useExact = options.variant === 'exact';
  return {
    tests,
    rateA: (table.bothPass + table.aOnly) / tests,
    rateB: (table.bothPass + table.bOnly) / tests,
    difference: newcombePairedInterval(table, confidence),
    pValue: useExact ? exactPValue : midPValue,
    exactPValue,
    midPValue,
    method: useExact ? 'mcnemar-exact' : 'mcnemar-mid-p',
    table,
    discordance: tests > 0 ? (table.aOnly + table.bOnly) / tests : 0,
  };
}

function pairedTable(a: ArrayLike<number>, b: ArrayLike<number>): PairedTable {
  const table: PairedTable = { bothPass: 0, aOnly: 0, bOnly: 0, neitherPass: 0 };
  for (let test = 0; test < a.length; test++) {
    const passA = a[test];
    const passB = b[test];
    checkInput(
      (passA === 0 || passA === 1) && (passB === 0 || passB === 1),
      'pass/fail outcomes must be 0 or 1',
    );
    if (passA === 1) {
      if (passB === 1) table.bothPass++;
      else table.aOnly++;
    } else if (passB === 1) table.bOnly++;
    else table.neitherPass++;
  }
  return table;
}
