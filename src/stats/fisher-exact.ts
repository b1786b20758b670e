import { checkInput } from './check-input.ts';

/**
 * Two-sided p-value of Fisher's exact test on a 2×2 table (rows: two groups; columns: pass, fail):
 * the probability, given the margins, of every table no more likely than the one observed
 * (the "sum of small p-values" rule R's fisher.test uses, with the same relative tolerance).
 */
export function fisherExact(aPass: number, aFail: number, bPass: number, bFail: number): number {
  for (const count of [aPass, aFail, bPass, bFail]) {
    checkInput(Number.isInteger(count) && count >= 0, 'a 2×2 table holds non-negative whole counts');
  }
  const rowA = aPass + aFail;
  const passes = aPass + bPass;
  const total = rowA + bPass + bFail;
  const logFactorial = logFactorials(total);
  const logProbability = (x: number): number =>
    logFactorial[rowA]! +
    logFactorial[total - rowA]! +
    logFactorial[passes]! +
    logFactorial[total - passes]! -
    logFactorial[total]! -
    logFactorial[x]! -
    logFactorial[rowA - x]! -
    logFactorial[passes - x]! -
    logFactorial[total - rowA - passes + x]!;
  const observed = logProbability(aPass);
  const low = Math.max(0, rowA + passes - total);
  const high = Math.min(rowA, passes);
  let pValue = 0;
  for (let x = low; x <= high; x++) {
    const log = logProbability(x);
    if (log <= observed + 1e-7) pValue += Math.exp(log);
  }
  return Math.min(1, pValue);
}

function logFactorials(upTo: number): Float64Array {
  const table = new Float64Array(upTo + 1);
  for (let index = 2; index <= upTo; index++) table[index] = table[index - 1]! + Math.log(index);
  return table;
}
