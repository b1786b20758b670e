import { useEffect, useState } from 'react';
import { api, passRateText, type RunRecord } from '../api.ts';

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
  return (
    <section className="live-progress" data-testid="live-progress">
      <meter min={0} max={manifest.cellCount} value={totals.cells} />
      <span data-testid="live-cells">
        {totals.cells} of {manifest.cellCount} cells
      </span>
      {' · '}
      <span data-testid="live-pass-rate">
        {totals.passRate === null ? 'no checks decided yet' : `pass rate so far ${passRateText(totals)}`}
      </span>
      {` · $${totals.costUsd.toFixed(4)} so far`}
    </section>
  );
}
