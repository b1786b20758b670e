import { useState } from 'react';
import { api, percent, type RunReport } from '../api.ts';
import { Matrix } from '../components/matrix.tsx';
import { PassRateChart } from '../components/pass-rate-chart.tsx';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/**
 * One run: its matrix of cells, and its report (pass rates with intervals, figures, verdicts).
 * The report reads every outcome (the server is busy meanwhile), so it is asked for once the
 * matrix's first rows have come.
 */
export function RunPage({ id }: { id: string }) {
  const record = useLoad(() => api.run(id), [id]);
  const [matrixShown, setMatrixShown] = useState(false);
  if (record.error) return <p className="error">{record.error}</p>;
  if (!record.data) return <p>Loading…</p>;
  const run = record.data;
  const matrixColumns = run.manifest.prompts.flatMap((prompt, promptIndex) =>
    run.manifest.models.map((model, modelIndex) => ({
      promptIndex,
      modelIndex,
      name: run.manifest.models.length === 1 ? prompt.label : `${prompt.label} × ${model.label}`,
    })),
  );
  return (
    <>
      <h2>
        Run <code>{run.id}</code> <span className={`status ${run.status}`}>{run.status}</span>
      </h2>
      <p>
        {run.totals.cells} cells, {run.totals.passed} passed, {run.totals.failed} failed, {run.totals.errors}{' '}
        errors, ${run.totals.costUsd.toFixed(4)} · <a href={`${href('compare')}?after=${run.id}`}>compare…</a>
      </p>
      {matrixShown ? <ReportSection id={id} /> : <p>Computing pass rates…</p>}
      <Matrix runId={run.id} columns={matrixColumns} onFirstRows={() => setMatrixShown(true)} />
    </>
  );
}

function ReportSection({ id }: { id: string }) {
  const report = useLoad(() => api.report(id), [id]);
  if (report.error) return <p className="error">{report.error}</p>;
  if (!report.data) return <p>Computing pass rates…</p>;
  return <ReportView report={report.data} />;
}

function ReportView({ report: { columns, comparisons } }: { report: RunReport }) {
  return (
    <>
      <PassRateChart columns={columns} />
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
