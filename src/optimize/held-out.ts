import { decide } from '../stats/decision.ts';
import { formatVerdict } from '../stats/format-verdict.ts';
import { type PairedPassFailResult, pairedPassFail } from '../stats/paired-pass-fail.ts';
import { BudgetExhausted } from './budget.ts';
import type { Candidate } from './candidate.ts';
import type { CandidateEvaluator, OptimizationTest } from './evaluator.ts';

/** The winner against the starting prompt on the held-out tests, touched once, at the end. */
export interface HeldOutResult {
  tests: number;
  startRate: number;
  winnerRate: number;
  /** Winner minus start, in pass-rate points (0–1), with Newcombe's paired 95% interval. */
  lift: number;
  low: number;
  high: number;
  /** Two-sided McNemar mid-p. */
  pValue: number;
  /** The winner is significantly better (p below α, positive lift): the winner beats the start. */
  significant: boolean;
  /** The start is significantly better (p below α, negative lift). */
  worse: boolean;
  /** The verdict in words. */
  verdict: string;
}

/** Score start and winner on the held-out tests and compare them, paired by test. */
export async function heldOutComparison(
  evaluator: CandidateEvaluator,
  start: Candidate,
  winner: Candidate,
  tests: readonly OptimizationTest[],
  alpha = 0.05,
): Promise<HeldOutResult | undefined> {
  if (tests.length === 0) return undefined;
  let startOutcomes: Awaited<ReturnType<CandidateEvaluator['evaluate']>>;
  let winnerOutcomes: typeof startOutcomes;
  try {
    startOutcomes = await evaluator.evaluate(start, tests);
    winnerOutcomes = winner.hash === start.hash ? startOutcomes : await evaluator.evaluate(winner, tests);
  } catch (error) {
    if (error instanceof BudgetExhausted) return undefined;
    throw error;
  }
  const result = pairedPassFail(
    startOutcomes.map((outcome) => outcome.pass),
    winnerOutcomes.map((outcome) => outcome.pass),
  );
  const lift = result.rateB - result.rateA;
  // Proven only where the test and the interval agree, as the verdict says (see decide).
  const significant = decide(result.pValue, alpha, result.difference) === 'significant' && lift > 0;
  return {
    tests: tests.length,
    startRate: result.rateA,
    winnerRate: result.rateB,
    lift,
    low: result.difference.lower,
    high: result.difference.upper,
    pValue: result.pValue,
    significant,
    worse: result.pValue < alpha && lift < 0,
    verdict: verdict(winner.hash === start.hash, result, alpha),
  };
}

/** The comparison in words, as run reports state theirs (see formatVerdict). */
function verdict(same: boolean, result: PairedPassFailResult, alpha: number): string {
  if (same) return 'no candidate beat the starting prompt on the validation tests; it stays as it is';
  const sentence = formatVerdict({
    a: 'the starting prompt',
    b: 'the optimized prompt',
    kind: 'pass-fail',
    tests: result.tests,
    difference: result.difference,
    adjustedPValue: result.pValue,
    comparisons: 1,
    alpha,
  });
  const significant = decide(result.pValue, alpha, result.difference) === 'significant';
  const said = `on ${result.tests} held-out tests, ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
  return significant ? said : `${said}: the lift seen in validation may be chance`;
}
