import { percent } from '../api.ts';
import type { MetricTotal } from '../breakdown-api.ts';

/** Named metrics (a check's `metric`) totalled per column, each with its 95% interval. */
export function MetricTotalsTable({ metrics }: { metrics: MetricTotal[] }) {
  const columns = [...new Set(metrics.flatMap((metric) => metric.columns.map((column) => column.column)))];
  return (
    <table data-testid="metrics">
      <thead>
        <tr>
          <th>metric</th>
          {columns.map((name) => (
            <th key={name}>{name} [95% CI]</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => (
          <tr key={metric.metric}>
            <td>{metric.metric}</td>
            {columns.map((name) => {
              const total = metric.columns.find((column) => column.column === name);
              if (!total) return <td key={name}>–</td>;
              const show = total.kind === 'pass-fail' ? percent : (value: number) => value.toFixed(3);
              const { estimate } = total;
              return (
                <td key={name}>
                  {show(estimate.estimate)} [{show(estimate.lower)}, {show(estimate.upper)}] n={total.tests}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
