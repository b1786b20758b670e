import type { ReactNode } from 'react';
import { percent, queueWait, type RunReport } from '../api.ts';
import { PassRateChart } from './pass-rate-chart.tsx';

/** A run's report: pass rates with their intervals (chart and table), figures, and verdicts; `charts` beside. */
export function ReportView({
  report: { columns, comparisons, grader },
  charts,
}: {
  report: RunReport;
  charts?: ReactNode;
}) {
  // The wait for a provider's concurrency limit, shown beside the latency only when a call waited.
  const queued = columns.some((column) => column.queueP50 !== undefined);
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
            {queued && <th>queue wait p50 / p95</th>}
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
              {queued && <td data-testid="queue-wait">{queueWait(column)}</td>}
              <td>${column.costUsd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {grader && <p data-testid="grader">Grader of model-graded checks: {grader.description}</p>}
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
