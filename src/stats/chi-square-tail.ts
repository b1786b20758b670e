import { checkInput } from './check-input.ts';
import { normalCdf } from './distributions.ts';

/**
 * P(X ≥ x) for X ~ χ² with a whole number of degrees of freedom, from the closed forms of
 * Abramowitz & Stegun 26.4.4 and 26.4.5 (a finite Poisson sum for even df; the normal tail plus a
 * finite sum for odd df). The terms are summed in log space, so a large statistic gives a tiny
 * p-value rather than NaN. A breakdown has at most a few dozen values, so df stays small.
 */
export function chiSquareUpperTail(statistic: number, degreesOfFreedom: number): number {
  checkInput(
    Number.isInteger(degreesOfFreedom) && degreesOfFreedom >= 1,
    `degrees of freedom must be a positive whole number, got ${degreesOfFreedom}`,
  );
  if (!(statistic > 0)) return 1;
  const half = statistic / 2;
  let sum = 0;
  if (degreesOfFreedom % 2 === 0) {
    // e^(−x/2) Σ_{i<df/2} (x/2)^i / i!
    let logTerm = -half;
    for (let index = 0; index < degreesOfFreedom / 2; index++) {
      if (index > 0) logTerm += Math.log(half) - Math.log(index);
      sum += Math.exp(logTerm);
    }
    return Math.min(1, sum);
  }
  // 2(1 − Φ(√x)) + 2φ(√x) Σ_{i=1}^{(df−1)/2} x^((2i−1)/2) / (1·3·…·(2i−1))
  const root = Math.sqrt(statistic);
  let logTerm = -half - 0.5 * Math.log(2 * Math.PI);
  for (let index = 1; index <= (degreesOfFreedom - 1) / 2; index++) {
    logTerm += index === 1 ? Math.log(root) : Math.log(statistic) - Math.log(2 * index - 1);
    sum += 2 * Math.exp(logTerm);
  }
  return Math.min(1, 2 * (1 - normalCdf(root, 0, 1)) + sum);
}
