import type { ReactNode } from 'react';
import { percent, type RunReport } from '../api.ts';
import type { MetricTotal } from '../breakdown-api.ts';
import { MetricTotalsTable } from './metric-totals-table.tsx';
import { PassRateChart } from './pass-rate-chart.tsx';

/** A run's report: pass rates with their intervals (chart and table), figures, and verdicts; `charts` beside. */
export function ReportView({
  report: { columns, comparisons, metrics },
  charts,
}: {
  report: RunReport & { metrics?: MetricTotal[] };
  charts?: ReactNode;
}) {
  return (
    <>
      <div className="charts">
        <figure className="chart">
          <figcaption>Pass rate per column, with its 95% interval</figcaption>
          <PassRateChart columns={columns} />
        </figure>
        {charts}
      </div>
      <table data-testid="columns">
        <thead>
          <tr>
            <th>column</th>
            <th>pass rate [95% CI]</th>
            <th>cells</th>
            <th>errors</th>
            <th>median latency</th>
            <th>cost</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.name}>
              <td>{column.name}</td>
              <td>
                {column.passRate
                  ? `${percent(column.passRate.estimate)} [${percent(column.passRate.lower)}, ${percent(column.passRate.upper)}]`
                  : '–'}
              </td>
              <td>{column.cells}</td>
              <td>{column.errors}</td>
              <td>{column.latencyP50 === undefined ? '–' : `${column.latencyP50.toFixed(0)} ms`}</td>
              <td>${column.costUsd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {metrics !== undefined && metrics.length > 0 && <MetricTotalsTable metrics={metrics} />}
      {comparisons.length > 0 && (
        <ul>
          {comparisons.map((comparison) => (
            <li key={`${comparison.a}|${comparison.b}`}>{comparison.verdict}</li>
          ))}
        </ul>
      )}
    </>
  );
}
