import type { ModelParams, Price } from '../spec/model.ts';
import type { ResolvedPrompt } from '../spec/prompt.ts';
import { addSpend, NO_SPEND, type Spend } from '../store/optimization-store.ts';
import { PlumeError } from '../util/errors.ts';
import { plural } from '../util/plural.ts';
import { type BudgetLimits, fits } from './budget.ts';
import { type OptimizationTest, worstCase } from './evaluator.ts';

/**
 * The least budget an optimization can do its job with, at worst-case prices: the search's
 * minimum (the starting prompt and one candidate on the validation tests a winner must be scored
 * on) and the held-out reserve (the start and the winner on every held-out test, held back from
 * the start so the held-out test always runs). Below it an optimization would spend its budget
 * and prove nothing, so it is refused before the first call.
 */
export interface MinimumBudget {
  /** The starting prompt on the validation tests a winner is scored on (the baseline). */
  baseline: Spend;
  search: Spend;
  heldOut: Spend;
  total: Spend;
  /** Validation tests a winner is scored on (the basis of every validation figure). */
  winnerTests: number;
  heldOutTests: number;
  /** Whether the target's list price is known (a dollar minimum means something). */
  priced: boolean;
}

/**
 * The minimum for `prompt` on these tests. A candidate's prompt is not known before the search,
 * so each of its calls is counted at twice the starting prompt's length (room for added
 * demonstrations and instructions); calls include every judge call of model-graded checks.
 */
export async function minimumBudget(options: {
  prompt: ResolvedPrompt;
  /** The validation tests a winner is scored on. */
  basis: readonly OptimizationTest[];
  heldOut: readonly OptimizationTest[];
  params: ModelParams;
  price: Price | undefined;
}): Promise<MinimumBudget> {
  const start = await worstOver(options, options.basis, 1);
  const candidate = await worstOver(options, options.basis, 2);
  const heldOutWinner = await worstOver(options, options.heldOut, 2);
  const search = addSpend(start, candidate);
  const heldOut = addSpend(heldOutWinner, heldOutWinner);
  return {
    baseline: start,
    search,
    heldOut,
    total: addSpend(search, heldOut),
    winnerTests: options.basis.length,
    heldOutTests: options.heldOut.length,
    priced: options.price !== undefined,
  };
}

/** The worst case of scoring the prompt, its text `stretch` times over, once on each test. */
async function worstOver(
  options: { prompt: ResolvedPrompt; params: ModelParams; price: Price | undefined },
  tests: readonly OptimizationTest[],
  stretch: number,
): Promise<Spend> {
  let total: Spend = NO_SPEND;
  for (const { test, assertions } of tests) {
    const rendered = await options.prompt.render(test.vars).catch(() => undefined);
    const text = rendered === undefined ? '' : rendered.messages.map((message) => message.content).join('\n');
    const params = { ...(rendered?.params ?? {}), ...options.params };
    const calls = 1 + (assertions.needsModels.size > 0 ? assertions.checks.length : 0);
    total = addSpend(total, worstCase(text.repeat(stretch), params, options.price, calls));
  }
  return total;
}

/** How the minimum splits, in words: "200 for the search (...) and 238 reserved for the held-out test (...)". */
export function describeMinimum(minimum: MinimumBudget, unit: 'calls' | 'tokens' | 'usd' = 'calls'): string {
  const amount = (spend: Spend) =>
    unit === 'calls'
      ? plural(spend.calls, 'call')
      : unit === 'tokens'
        ? `${(spend.inputTokens + spend.outputTokens).toLocaleString('en-US')} tokens`
        : `$${spend.costUsd.toFixed(4)}`;
  return `${amount(minimum.search)} for the search (the starting prompt and one candidate on the ${plural(minimum.winnerTests, 'validation test')} a winner is chosen on) and ${amount(minimum.heldOut)} reserved for the held-out test (the start and the winner on ${plural(minimum.heldOutTests, 'held-out test')})`;
}

/** A limit set below the minimum: what it is, and the hint naming the minimum and how it splits. */
export interface BudgetShortfall {
  option: '--budget-calls' | '--budget-tokens' | '--budget-usd';
  message: string;
  hint: string;
}

/** The limits set below the minimum. A dollar limit is checked only when the model's price is known. */
export function budgetShortfalls(minimum: MinimumBudget, limits: BudgetLimits): BudgetShortfall[] {
  const shortfalls: BudgetShortfall[] = [];
  const total = minimum.total;
  const tokens = total.inputTokens + total.outputTokens;
  const add = (
    option: BudgetShortfall['option'],
    given: number,
    needed: { words: string; value: string },
    unit: 'calls' | 'tokens' | 'usd',
  ) =>
    shortfalls.push({
      option,
      message: `${option} ${given} is below the minimum of ${needed.words} for this optimization`,
      hint: `it needs ${describeMinimum(minimum, unit)}: give ${option} ${needed.value} or more, or lower --min-validation (the validation tests a winner is scored on)`,
    });
  if (limits.calls !== undefined && !fits({ ...NO_SPEND, calls: total.calls }, { calls: limits.calls }))
    add(
      '--budget-calls',
      limits.calls,
      { words: plural(total.calls, 'call'), value: String(total.calls) },
      'calls',
    );
  if (limits.tokens !== undefined && tokens > limits.tokens)
    add(
      '--budget-tokens',
      limits.tokens,
      {
        words: `${tokens.toLocaleString('en-US')} tokens (at worst: every answer at its maxTokens, 1024 when unset)`,
        value: String(tokens),
      },
      'tokens',
    );
  if (
    minimum.priced &&
    limits.usd !== undefined &&
    !fits({ ...NO_SPEND, costUsd: total.costUsd }, { usd: limits.usd })
  ) {
    const value = (Math.ceil(total.costUsd * 10000) / 10000).toFixed(4);
    add('--budget-usd', limits.usd, { words: `$${value} (at worst, at list prices)`, value }, 'usd');
  }
  return shortfalls;
}

/** Refuse a budget below the minimum (a user error, exit 2), before anything is spent. */
export function assertMinimumBudget(minimum: MinimumBudget, limits: BudgetLimits): void {
  const first = budgetShortfalls(minimum, limits)[0];
  if (first !== undefined) throw new PlumeError({ code: 'USAGE', message: first.message, hint: first.hint });
}
