import type { ReactNode } from 'react';
import { percent, type RunReport } from '../api.ts';
import { PassRateChart } from './pass-rate-chart.tsx';

/** A run's report: pass rates with their intervals (chart and table), figures, and verdicts; `charts` beside. */
export function ReportView({
  report: { columns, comparisons, undecidedChecks },
  charts,
}: {
  report: RunReport;
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
            <th>decided</th>
            <th>errors</th>
            <th>undecided</th>
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
              <td>{column.decided}</td>
              <td>{column.errors}</td>
              <td>{column.undecided}</td>
              <td>{column.latencyP50 === undefined ? '–' : `${column.latencyP50.toFixed(0)} ms`}</td>
              <td>${column.costUsd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {undecidedChecks !== undefined && undecidedChecks.length > 0 && (
        <section data-testid="undecided">
          <p>Undecided cells are neither passed nor failed: the pass rate leaves them out.</p>
          <ul>
            {undecidedChecks.map((check) => (
              <li key={`${check.check}|${check.reason}`}>
                {check.check} ({check.cells} cells): {check.advice ?? check.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
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
