import type { BudgetLimits, Spend } from '../../optimize/budget.ts';
import type { OptimizeOptions } from '../../optimize/optimize-prompt.ts';
import { type CliContext, note } from '../context.ts';

/** One line on stderr per step of an optimization: what runs, and the best so far. */
export function optimizationProgress(context: CliContext): NonNullable<OptimizeOptions['onEvent']> {
  return (event) => {
    switch (event.type) {
      case 'started':
        note(context, `optimization ${event.id}`);
        break;
      case 'strategy-start':
        note(context, `[${event.strategy}]`);
        break;
      case 'step':
        note(
          context,
          `  ${event.description}${event.candidates > 0 ? `: ${event.candidates} candidates` : ''}`,
        );
        break;
      case 'best':
        note(
          context,
          `  best so far ${(event.mean * 100).toFixed(1)}% on ${event.tests} validation tests (${event.candidate.origin.description}) · spent ${spentOf(event.spent, event.limits)}`,
        );
        break;
      case 'strategy-end':
        note(context, `  spent ${event.spent.calls} calls, $${event.spent.costUsd.toFixed(4)}`);
        break;
      case 'held-out':
        note(context, '[held-out test]');
        break;
    }
  };
}

/** What was spent, against each limit set: "312/1000 calls, $0.0200/$1". */
function spentOf(spent: Spend, limits: BudgetLimits): string {
  const parts = [`${spent.calls}${limits.calls === undefined ? '' : `/${limits.calls}`} calls`];
  if (limits.tokens !== undefined)
    parts.push(`${spent.inputTokens + spent.outputTokens}/${limits.tokens} tokens`);
  if (limits.usd !== undefined || spent.costUsd > 0)
    parts.push(`$${spent.costUsd.toFixed(4)}${limits.usd === undefined ? '' : `/$${limits.usd}`}`);
  return parts.join(', ');
}
