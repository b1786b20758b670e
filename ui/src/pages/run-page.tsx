import { type ReactNode, useCallback, useState } from 'react';
import { api, passRateText } from '../api.ts';
import { AgreementTable } from '../components/agreement-table.tsx';
import { BreakdownView } from '../components/breakdown-view.tsx';
import { LiveProgress } from '../components/live-progress.tsx';
import { Matrix } from '../components/matrix.tsx';
import { ReportView } from '../components/report-view.tsx';
import { SpreadCharts } from '../components/spread-charts.tsx';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/**
 * One run: its matrix of cells, and its report (pass rates with intervals, latency and cost
 * spreads, figures, verdicts, and the model-graded checks' agreement with people's ratings).
 * The report reads every outcome (the server is busy meanwhile), so it is asked for once the
 * matrix's first rows have come.
 */
export function RunPage({ id }: { id: string }) {
  // Bumped when a running run ends: everything is read again, final.
  const [generation, setGeneration] = useState(0);
  return <RunView key={`${id}/${generation}`} id={id} onEnded={() => setGeneration((value) => value + 1)} />;
}

function RunView({ id, onEnded }: { id: string; onEnded: () => void }) {
  const record = useLoad(() => api.run(id), [id]);
  const [matrixShown, setMatrixShown] = useState(false);
  const [ratings, setRatings] = useState(0);
  const ended = useCallback(() => onEnded(), [onEnded]);
  if (record.error) return <p className="error">{record.error}</p>;
  if (!record.data) return <p>Loading…</p>;
  const run = record.data;
  const matrixColumns = run.manifest.prompts.flatMap((prompt, promptIndex) =>
    run.manifest.models.map((model, modelIndex) => ({
      promptIndex,
      modelIndex,
      name: columnName(prompt.label, model.label, run.manifest.prompts.length, run.manifest.models.length),
    })),
  );
  const names = new Map(
    matrixColumns.map((column) => [`${column.promptIndex}/${column.modelIndex}`, column.name]),
  );
  return (
    <>
      <h2>
        Run <code>{run.id}</code> <span className={`status ${run.status}`}>{run.status}</span>
      </h2>
      <p>
        {run.totals.cells} cells, {run.totals.passed} passed, {run.totals.failed} failed, {run.totals.errors}{' '}
        errors, {run.totals.undecided} undecided, ${run.totals.costUsd.toFixed(4)} ·{' '}
        <span data-testid="run-pass-rate">pass rate {passRateText(run.totals)}</span> ·{' '}
        <a href={`${href('compare')}?after=${run.id}`}>compare…</a>
      </p>
      {run.status === 'running' ? <LiveProgress run={run} onDone={ended} /> : null}
      {matrixShown ? (
        <>
          <ReportSection id={id} charts={<SpreadCharts runId={id} names={names} />} />
          <BreakdownView runId={id} />
          <AgreementTable runId={id} version={ratings} />
        </>
      ) : (
        <p>Computing pass rates…</p>
      )}
      <Matrix
        runId={run.id}
        columns={matrixColumns}
        onFirstRows={() => setMatrixShown(true)}
        onRated={() => setRatings((count) => count + 1)}
      />
    </>
  );
}

function ReportSection({ id, charts }: { id: string; charts: ReactNode }) {
  const report = useLoad(() => api.report(id), [id]);
  if (report.error) return <p className="error">{report.error}</p>;
  if (!report.data) return <p>Computing pass rates…</p>;
  return <ReportView report={report.data} charts={charts} />;
}

/** A column's name as the report gives it: the part that varies, or both. */
function columnName(prompt: string, model: string, prompts: number, models: number): string {
  if (models === 1 && prompts > 1) return prompt;
  if (prompts === 1) return model;
  return `${prompt} × ${model}`;
}
