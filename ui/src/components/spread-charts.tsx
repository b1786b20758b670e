import { insightApi } from '../insight-api.ts';
import { useLoad } from '../use-load.ts';
import { DistributionChart } from './distribution-chart.tsx';

/** Latency and cost per column, as the server binned them. */
export function SpreadCharts({ runId, names }: { runId: string; names: Map<string, string> }) {
  const loaded = useLoad(() => insightApi.distributions(runId), [runId]);
  if (loaded.error) return <p className="error">{loaded.error}</p>;
  if (!loaded.data) return <p>Computing spreads…</p>;
  return (
    <>
      <DistributionChart
        distribution={loaded.data.latencyMs}
        names={names}
        title="Latency per column"
        format={milliseconds}
      />
      <DistributionChart
        distribution={loaded.data.costUsd}
        names={names}
        title="Cost per cell, per column"
        format={dollars}
      />
    </>
  );
}

function milliseconds(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}

function dollars(value: number): string {
  if (value === 0) return '$0';
  return value >= 0.01 ? `$${value.toFixed(3)}` : `$${value.toPrecision(2)}`;
}
