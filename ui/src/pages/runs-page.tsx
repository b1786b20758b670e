import { api, percent } from '../api.ts';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/** The runs, newest first: status, cells, pass rate, cost. */
export function RunsPage() {
  const runs = useLoad(() => api.runs(), []);
  if (runs.error) return <p className="error">{runs.error}</p>;
  if (!runs.data) return <p>Loading…</p>;
  if (runs.data.length === 0) return <p>No runs yet: start one with `plume eval`.</p>;
  return (
    <table data-testid="runs">
      <thead>
        <tr>
          <th>run</th>
          <th>status</th>
          <th>cells</th>
          <th>pass rate</th>
          <th>decided</th>
          <th>errors</th>
          <th>undecided</th>
          <th>cost</th>
          <th>suite</th>
        </tr>
      </thead>
      <tbody>
        {runs.data.map((run) => (
          <tr key={run.id}>
            <td>
              <a href={href('runs', run.id)}>{run.id}</a>
            </td>
            <td className={`status ${run.status}`}>{run.status}</td>
            <td>
              {run.totals.cells}/{run.manifest.cellCount}
            </td>
            <td>{run.totals.passRate === null ? '–' : percent(run.totals.passRate)}</td>
            <td>{run.totals.passed + run.totals.failed}</td>
            <td>{run.totals.errors}</td>
            <td>{run.totals.undecided}</td>
            <td>${run.totals.costUsd.toFixed(4)}</td>
            <td>{run.manifest.suiteFile.split('/').at(-1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
