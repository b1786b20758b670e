import type { ReactNode } from 'react';
import { type ComparisonView, type Interval, percent, queueWait, type RunReport, testName } from '../api.ts';
import type { MetricTotal } from '../breakdown-api.ts';
import { MetricTotalsTable } from './metric-totals-table.tsx';
import { PassRateChart } from './pass-rate-chart.tsx';

/** A run's report: pass rates with their intervals (chart and table), figures, and verdicts; `charts` beside. */
export function ReportView({
  report: { columns, comparisons, flaky, grader, metrics, undecidedChecks },
  charts,
}: {
  report: RunReport & { metrics?: MetricTotal[] };
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
            <th>decided</th>
            <th>errors</th>
            <th>undecided</th>
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
              <td>{column.decided}</td>
              <td>{column.errors}</td>
              <td>{column.undecided}</td>
              <td>{column.latencyP50 === undefined ? '–' : `${column.latencyP50.toFixed(0)} ms`}</td>
              {queued && <td data-testid="queue-wait">{queueWait(column)}</td>}
              <td>${column.costUsd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {grader && <p data-testid="grader">Grader of model-graded checks: {grader.description}</p>}
      {metrics !== undefined && metrics.length > 0 && <MetricTotalsTable metrics={metrics} />}
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
      {comparisons.length > 0 && <ComparisonTable comparisons={comparisons} />}
      {flaky.length > 0 && (
        <>
          <h3>Flaky tests (the verdict changed between repeats): {flaky.length}</h3>
          <ul data-testid="flaky">
            {flaky.slice(0, 50).map((test) => (
              <li key={test.testId} title={test.testId}>
                {testName(test.test, test.label)} in {test.columns.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * Every pair's figures beside its verdict: both pass rates on the paired tests, B − A with the
 * interval the decision was taken at (its level named) and the 95% one, the raw and Holm p.
 */
function ComparisonTable({ comparisons }: { comparisons: ComparisonView[] }) {
  return (
    <table data-testid="comparisons">
      <thead>
        <tr>
          <th>A</th>
          <th>B</th>
          <th>tests</th>
          <th>A</th>
          <th>B</th>
          <th>B − A [decision interval]</th>
          <th>B − A [95%, unadjusted]</th>
          <th>p</th>
          <th>p (Holm)</th>
          <th>verdict</th>
        </tr>
      </thead>
      <tbody>
        {comparisons.map((comparison) => {
          const { adjusted, unadjusted } = comparison.difference;
          const rateA = comparison.passRateA ?? comparison.meanScoreA;
          const rateB = comparison.passRateB ?? comparison.meanScoreB;
          const passFail = comparison.kind === 'pass-fail';
          const level = `${Number((adjusted.confidence * 100).toFixed(2))}%`;
          return (
            <tr key={`${comparison.a}|${comparison.b}`} className={`decision-${comparison.decision}`}>
              <td>{comparison.a}</td>
              <td>{comparison.b}</td>
              <td>{comparison.n}</td>
              <td>{rateA === undefined ? '–' : amount(rateA.estimate, passFail)}</td>
              <td>{rateB === undefined ? '–' : amount(rateB.estimate, passFail)}</td>
              <td>
                {difference(adjusted, passFail)} at {level}
              </td>
              <td>{difference(unadjusted, passFail)}</td>
              <td>{pValue(comparison.pValue)}</td>
              <td>{pValue(comparison.adjustedPValue)}</td>
              <td>{comparison.verdict}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function amount(value: number, passFail: boolean): string {
  return passFail ? percent(value) : value.toFixed(3);
}

function difference(interval: Interval, passFail: boolean): string {
  const value = (number: number) => (passFail ? (number * 100).toFixed(1) : number.toFixed(3));
  const unit = passFail ? ' pp' : '';
  return `${interval.estimate > 0 ? '+' : ''}${value(interval.estimate)}${unit} [${value(interval.lower)}, ${value(interval.upper)}]`;
}

function pValue(value: number): string {
  return value < 0.001 ? '< 0.001' : String(Number(value.toPrecision(2)));
}
