import type { BudgetLimits, Spend } from '../optimization-api.ts';

/** One bar per limit the optimization was given: what it spent against the limit. */
export function BudgetBar({ spent, budget }: { spent: Spend; budget: BudgetLimits }) {
  const rows = [
    { name: 'calls', used: spent.calls, limit: budget.calls, format: String },
    {
      name: 'tokens',
      used: spent.inputTokens + spent.outputTokens,
      limit: budget.tokens,
      format: (value: number) => value.toLocaleString(),
    },
    {
      name: 'dollars',
      used: spent.costUsd,
      limit: budget.usd,
      format: (value: number) => `$${value.toFixed(4)}`,
    },
  ];
  const bound = rows.filter((row) => row.limit !== undefined);
  if (bound.length === 0) return <p>No budget was set.</p>;
  return (
    <div data-testid="budget">
      {bound.map((row) => {
        const limit = row.limit!;
        const share = limit > 0 ? Math.min(1, row.used / limit) : 1;
        const text = `${row.format(row.used)} of ${row.format(limit)} ${row.name} spent (${(share * 100).toFixed(0)}%)`;
        return (
          <div key={row.name} className="budget-row">
            <meter
              className="budget-bar"
              min={0}
              max={limit}
              value={Math.min(row.used, limit)}
              aria-label={`${row.name} spent`}
              title={text}
            />
            <span>{text}</span>
          </div>
        );
      })}
    </div>
  );
}
