import type { Spend, SpendRow, StrategySummary } from '../optimization-api.ts';

/** What the table shows in a row: a part of the optimization, with its candidates when it is a strategy. */
interface Row {
  key: string;
  part: string;
  outcome: string;
  spent: Spend | undefined;
  strategy: StrategySummary | undefined;
}

/**
 * Where the calls went, in the order they were spent: the baseline (the starting prompt on the
 * validation tests), each strategy (how far it got, the candidates it tried — listed on demand,
 * the winner marked — and what it spent), the held-out test and the graders, then the total,
 * which is what the optimization spent. Optimizations recorded before the spending rows show
 * their strategies alone.
 */
export function StrategiesTable({
  strategies,
  spending,
  colors,
  winnerHash,
}: {
  strategies: StrategySummary[];
  spending: SpendRow[] | undefined;
  colors: Map<string, string>;
  winnerHash: string | undefined;
}) {
  const byName = new Map(strategies.map((strategy) => [strategy.name, strategy]));
  const rows: Row[] =
    spending === undefined
      ? strategies.map((strategy) => ({
          key: strategy.name,
          part: strategy.name,
          outcome: strategy.outcome,
          spent: strategy.spent,
          strategy,
        }))
      : spending.map((row) => ({
          key: `${row.kind}:${row.part}`,
          part: row.part,
          outcome: row.kind === 'strategy' ? (byName.get(row.part)?.outcome ?? row.outcome) : row.outcome,
          spent: row.spent,
          strategy: row.kind === 'strategy' ? byName.get(row.part) : undefined,
        }));
  const total =
    spending === undefined
      ? undefined
      : spending.reduce(
          (sum, row) => ({
            calls: sum.calls + row.spent.calls,
            tokens: sum.tokens + row.spent.inputTokens + row.spent.outputTokens,
            costUsd: sum.costUsd + row.spent.costUsd,
            candidates: sum.candidates + row.candidates,
          }),
          { calls: 0, tokens: 0, costUsd: 0, candidates: 0 },
        );
  return (
    <table data-testid="strategies">
      <thead>
        <tr>
          <th>part</th>
          <th>outcome</th>
          <th>candidates tried</th>
          <th>calls</th>
          <th>tokens</th>
          <th>cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-part={row.part}>
            <td>
              {row.strategy && <span className="swatch" style={{ background: colors.get(row.part) }} />}{' '}
              {row.part}
            </td>
            <td>{row.outcome}</td>
            <td>{row.strategy ? <Candidates strategy={row.strategy} winnerHash={winnerHash} /> : '–'}</td>
            <td>{row.spent?.calls ?? '–'}</td>
            <td>
              {row.spent === undefined
                ? '–'
                : (row.spent.inputTokens + row.spent.outputTokens).toLocaleString()}
            </td>
            <td>{row.spent === undefined ? '–' : `$${row.spent.costUsd.toFixed(4)}`}</td>
          </tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr data-testid="spending-total">
            <th>total</th>
            <td />
            <td>{total.candidates}</td>
            <td>{total.calls}</td>
            <td>{total.tokens.toLocaleString()}</td>
            <td>${total.costUsd.toFixed(4)}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function Candidates({ strategy, winnerHash }: { strategy: StrategySummary; winnerHash: string | undefined }) {
  if (strategy.candidates.length === 0) return <>0</>;
  return (
    <details>
      <summary>{strategy.candidates.length}</summary>
      <ul className="candidates">
        {strategy.candidates.map((candidate) => (
          <li key={candidate.hash}>
            <code>{candidate.hash.slice(0, 8)}</code> {candidate.description}
            {candidate.hash === winnerHash && <strong> (winner)</strong>}
          </li>
        ))}
      </ul>
    </details>
  );
}
