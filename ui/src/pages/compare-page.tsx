import { useState } from 'react';
import { api, type Interval, percent, testName } from '../api.ts';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/** Compare two runs: each column's pass rate before and after, verdicts, regressed tests. */
export function ComparePage({ before, after }: { before: string; after: string }) {
  const runs = useLoad(() => api.runs(), []);
  const [choice, setChoice] = useState({ before, after });
  const comparison = useLoad(
    () => (before && after ? api.compare(before, after) : Promise.resolve(undefined)),
    [before, after],
  );
  const ids = runs.data?.map((run) => run.id) ?? [];
  const go = () => {
    window.location.hash = `${href('compare')}?before=${encodeURIComponent(choice.before)}&after=${encodeURIComponent(choice.after)}`;
  };
  return (
    <>
      <h2>Compare two runs</h2>
      <div className="toolbar">
        {(['before', 'after'] as const).map((side) => (
          <label key={side}>
            {side}{' '}
            <select
              aria-label={side}
              value={choice[side]}
              onChange={(event) => setChoice({ ...choice, [side]: event.target.value })}
            >
              <option value="">—</option>
              {ids.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" onClick={go} disabled={!choice.before || !choice.after}>
          Compare
        </button>
      </div>
      {comparison.error && <p className="error">{comparison.error}</p>}
      {comparison.data && (
        <table data-testid="comparison">
          <thead>
            <tr>
              <th>column</th>
              <th>before</th>
              <th>after</th>
              <th>outputs changed</th>
              <th>verdict</th>
              <th>regressed tests</th>
            </tr>
          </thead>
          <tbody>
            {comparison.data.columns.map((column) => (
              <tr key={`${column.prompt}|${column.model}`}>
                <td>
                  {column.prompt} × {column.model}
                </td>
                <td>{rate(column.before)}</td>
                <td>{rate(column.after)}</td>
                <td>
                  {column.drift.changedOutputs}/{column.drift.sharedTests}
                </td>
                <td>{column.verdict}</td>
                <td>
                  {column.drift.regressed.map((change) => testName(change.test, change.label)).join(', ') ||
                    '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function rate(interval: Interval | undefined): string {
  return interval === undefined
    ? '–'
    : `${percent(interval.estimate)} [${percent(interval.lower)}, ${percent(interval.upper)}]`;
}
