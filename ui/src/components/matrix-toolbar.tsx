import { useEffect, useState } from 'react';
import { api, type MatrixFilters } from '../api.ts';
import { insightApi } from '../insight-api.ts';
import { useLoad } from '../use-load.ts';

/** The matrix's filters, all applied by the server: failures, flaky, changed since a run, a failing check, text. */
export function MatrixToolbar({
  runId,
  filters,
  onChange,
  total,
}: {
  runId: string;
  filters: MatrixFilters;
  onChange: (filters: MatrixFilters) => void;
  total: number | undefined;
}) {
  const runs = useLoad(() => api.runs(), []);
  // Listing the checks reads every cell: asked for once, when the first rows are on screen.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (total !== undefined) setReady(true);
  }, [total]);
  const checks = useLoad(() => (ready ? insightApi.checks(runId) : Promise.resolve([])), [runId, ready]);
  const set = (change: Partial<MatrixFilters>) => onChange({ ...filters, ...change });
  return (
    <div className="toolbar">
      <label>
        <input
          type="checkbox"
          checked={filters.failures}
          onChange={(event) => set({ failures: event.target.checked })}
        />{' '}
        failures only
      </label>
      <label title="tests whose outcome differs across repeats">
        <input
          type="checkbox"
          checked={filters.flaky}
          onChange={(event) => set({ flaky: event.target.checked })}
        />{' '}
        flaky
      </label>
      <label>
        changed since{' '}
        <select value={filters.changedSince} onChange={(event) => set({ changedSince: event.target.value })}>
          <option value="">–</option>
          {(runs.data ?? [])
            .filter((run) => run.id !== runId)
            .map((run) => (
              <option key={run.id} value={run.id}>
                {run.id}
              </option>
            ))}
        </select>
      </label>
      <label>
        failing check{' '}
        <select value={filters.failing} onChange={(event) => set({ failing: event.target.value })}>
          <option value="">–</option>
          {(checks.data ?? []).map((check) => (
            <option key={check.name} value={check.name}>
              {check.name} ({check.failures})
            </option>
          ))}
        </select>
      </label>
      <input
        type="search"
        aria-label="Search cells"
        placeholder="Search tests and outputs"
        value={filters.query}
        onChange={(event) => set({ query: event.target.value })}
      />
      <span data-testid="row-count">
        {total === undefined ? '…' : `${total} ${total === 1 ? 'row' : 'rows'}`}
      </span>
    </div>
  );
}
