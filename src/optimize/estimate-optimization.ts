import { costOf } from '../models/prices.ts';
import type { Price } from '../spec/model.ts';
import type { BudgetLimits } from './budget.ts';
import { fits } from './budget.ts';
import { type BudgetShortfall, budgetShortfalls, type MinimumBudget } from './minimum-budget.ts';
import { type EstimateSizes, loadStrategy, type StrategyName } from './strategies/index.ts';
import { PROPOSER_MAX_TOKENS } from './strategies/proposer-inputs.ts';

/** A meta-prompt's length assumed by estimates: its template and what it quotes. */
const PROPOSER_PROMPT_TOKENS = 1500;

/** What an optimization is expected to spend, per part, before it starts. */
export interface OptimizationEstimate {
  sizes: EstimateSizes & { test: number };
  /** The starting prompt scored on the validation tests a winner needs. */
  baselineCalls: number;
  parts: { name: string; targetCalls: number; proposerCalls: number; cost: string }[];
  heldOutCalls: number;
  totalCalls: number;
  /** Tokens at the average rendered prompt length and the answer limit. */
  tokens: number;
  costUsd: number | undefined;
  budget: BudgetLimits;
  /** Whether the expected spend fits the budget (the search stops where the budget ends either way). */
  fitsBudget: boolean;
  /** The least budget the optimization runs on (below it, it is refused). */
  minimum: MinimumBudget;
  /** The limits set below the minimum: plume optimize refuses them. */
  shortfalls: BudgetShortfall[];
}

/**
 * Expected calls of the baseline (the start on the validation tests a winner needs), each
 * strategy (racing counted with successive halving alone, as if no candidate were dropped early
 * by its interval: an upper estimate), the held-out test (start and winner on every held-out
 * test), and tokens and cost at the average prompt length; with the minimum budget.
 */
export async function estimateOptimization(options: {
  strategies: readonly StrategyName[];
  sizes: EstimateSizes & { test: number };
  averagePromptTokens: number;
  outputTokens: number;
  price: Price | undefined;
  proposerPrice: Price | undefined;
  budget: BudgetLimits;
  minimum: MinimumBudget;
}): Promise<OptimizationEstimate> {
  const parts: OptimizationEstimate['parts'] = [];
  for (const name of options.strategies) {
    const strategy = await loadStrategy(name);
    parts.push({ name, ...strategy.estimate(options.sizes), cost: strategy.cost });
  }
  const heldOutCalls = 2 * options.sizes.test;
  const baselineCalls = options.minimum.winnerTests;
  const targetCalls = baselineCalls + parts.reduce((sum, part) => sum + part.targetCalls, 0) + heldOutCalls;
  const proposerCalls = parts.reduce((sum, part) => sum + part.proposerCalls, 0);
  const perCall = options.averagePromptTokens + options.outputTokens;
  const proposerPerCall = PROPOSER_PROMPT_TOKENS + PROPOSER_MAX_TOKENS;
  const tokens = targetCalls * perCall + proposerCalls * proposerPerCall;
  const targetCost = costOf(
    options.price,
    targetCalls * options.averagePromptTokens,
    targetCalls * options.outputTokens,
  );
  const proposerCost =
    proposerCalls === 0
      ? 0
      : costOf(
          options.proposerPrice,
          proposerCalls * PROPOSER_PROMPT_TOKENS,
          proposerCalls * PROPOSER_MAX_TOKENS,
        );
  const costUsd =
    targetCost === undefined || proposerCost === undefined ? undefined : targetCost + proposerCost;
  const totalCalls = targetCalls + proposerCalls;
  return {
    sizes: options.sizes,
    baselineCalls,
    parts,
    heldOutCalls,
    totalCalls,
    tokens,
    costUsd,
    budget: options.budget,
    fitsBudget: fits(
      { calls: totalCalls, inputTokens: tokens, outputTokens: 0, costUsd: costUsd ?? 0 },
      options.budget,
    ),
    minimum: options.minimum,
    shortfalls: budgetShortfalls(options.minimum, options.budget),
  };
}
