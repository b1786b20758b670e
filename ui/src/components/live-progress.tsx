import { useEffect, useState } from 'react';
import { api, type RunRecord } from '../api.ts';

/** How often a running run is read again. */
const REFRESH_MS = 1500;

/**
 * A running run, live: cells done of the planned number, the pass rate so far and the cost so
 * far, read again every REFRESH_MS. Calls `onDone` once the run has ended, so the page can load
 * its final report.
 */
export function LiveProgress({ run, onDone }: { run: RunRecord; onDone: (run: RunRecord) => void }) {
  const [latest, setLatest] = useState(run);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(() => {
      api.run(run.id).then(
        (next) => {
          if (stopped) return;
          setLatest(next);
          if (next.status !== 'running') onDone(next);
        },
        () => {},
      );
    }, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [run.id, onDone]);
  const { totals, manifest } = latest;
  const decided = totals.passed + totals.failed;
  const rate = decided === 0 ? undefined : totals.passed / decided;
  return (
    <section className="live-progress" data-testid="live-progress">
      <meter min={0} max={manifest.cellCount} value={totals.cells} />
      <span data-testid="live-cells">
        {totals.cells} of {manifest.cellCount} cells
      </span>
      {' · '}
      <span data-testid="live-pass-rate">
        {rate === undefined ? 'no checks decided yet' : `pass rate so far ${(rate * 100).toFixed(1)}%`}
      </span>
      {` · $${totals.costUsd.toFixed(4)} so far`}
    </section>
  );
}
