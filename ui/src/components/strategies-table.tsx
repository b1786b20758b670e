import type { StrategySummary } from '../optimization-api.ts';

/**
 * Each strategy in the order it ran: how far it got, the candidates it tried (listed on demand,
 * the winner marked) and what it spent. Spend is known for strategies that finished.
 */
export function StrategiesTable({
  strategies,
  colors,
  winnerHash,
}: {
  strategies: StrategySummary[];
  colors: Map<string, string>;
  winnerHash: string | undefined;
}) {
  return (
    <table data-testid="strategies">
      <thead>
        <tr>
          <th>strategy</th>
          <th>outcome</th>
          <th>candidates tried</th>
          <th>calls</th>
          <th>tokens</th>
          <th>cost</th>
        </tr>
      </thead>
      <tbody>
        {strategies.map((strategy) => (
          <tr key={strategy.name}>
            <td>
              <span className="swatch" style={{ background: colors.get(strategy.name) }} /> {strategy.name}
            </td>
            <td>{strategy.outcome}</td>
            <td>
              {strategy.candidates.length === 0 ? (
                '0'
              ) : (
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
              )}
            </td>
            <td>{strategy.spent?.calls ?? '–'}</td>
            <td>
              {strategy.spent === undefined
                ? '–'
                : (strategy.spent.inputTokens + strategy.spent.outputTokens).toLocaleString()}
            </td>
            <td>{strategy.spent === undefined ? '–' : `$${strategy.spent.costUsd.toFixed(4)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
