import { useEffect, useState } from 'react';
import { BodyDiff } from '../components/body-diff.tsx';
import { BudgetBar } from '../components/budget-bar.tsx';
import { HeldOutVerdict } from '../components/held-out-verdict.tsx';
import { StrategiesTable } from '../components/strategies-table.tsx';
import { TrajectoryChart } from '../components/trajectory-chart.tsx';
import { type OptimizationDetail, optimizationApi, plural, strategyColors } from '../optimization-api.ts';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/** How often a running optimization is read again. */
const REFRESH_MS = 3000;

/**
 * One optimization: the held-out verdict, the trajectory, the budget, the strategies, and the
 * starting prompt beside the winner. A running one is read again every few seconds.
 */
export function OptimizationPage({ id }: { id: string }) {
  const [tick, setTick] = useState(0);
  const loaded = useLoad(() => optimizationApi.get(id), [id, tick], { keep: true });
  const running = loaded.data?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((value) => value + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [running]);
  if (loaded.error) return <p className="error">{loaded.error}</p>;
  if (!loaded.data) return <p>Loading…</p>;
  return <OptimizationView detail={loaded.data} />;
}

function OptimizationView({ detail }: { detail: OptimizationDetail }) {
  const { report } = detail;
  const colors = strategyColors(detail.strategies.map((strategy) => strategy.name));
  return (
    <>
      <h2>
        Optimization of <code>{detail.promptName}</code> for <code>{detail.model}</code>
      </h2>
      <p>
        <code>{detail.id}</code> · <span className={`status ${detail.status}`}>{detail.status}</span> ·
        started {new Date(detail.createdAt).toLocaleString()} · {plural(detail.candidates, 'candidate')} tried
        · <a href={href('library', detail.promptName)}>versions of {detail.promptName} in the library</a>
        {detail.winnerHash && (
          <>
            {' '}
            (winner saved as{' '}
            <code>
              {detail.promptName}@{detail.winnerHash.slice(0, 12)}
            </code>
            )
          </>
        )}
      </p>
      <h3>Held-out test</h3>
      {report ? (
        <HeldOutVerdict
          {...(report.heldOut ? { heldOut: report.heldOut } : {})}
          budgetExhausted={report.budgetExhausted}
        />
      ) : (
        <p data-testid="verdict">Not finished yet: the held-out test runs last.</p>
      )}
      {detail.outcome && (
        <p data-testid="save-outcome" className={detail.outcome.saved ? 'saved' : 'kept'}>
          {detail.outcome.saved
            ? `Saved the winner as ${detail.outcome.savedAs}${detail.outcome.written ? ' and wrote it to the prompt file' : ''}: ${detail.outcome.reason}.`
            : `${detail.outcome.reason.charAt(0).toUpperCase()}${detail.outcome.reason.slice(1)}.`}
        </p>
      )}
      <h3>Trajectory</h3>
      <TrajectoryChart
        trajectory={detail.trajectory}
        colors={colors}
        budgetCalls={detail.budget.calls}
        spentCalls={detail.spent.calls}
      />
      <h3>Budget</h3>
      <BudgetBar spent={detail.spent} budget={detail.budget} />
      <h3>Strategies</h3>
      <StrategiesTable
        strategies={detail.strategies}
        spending={detail.spending}
        colors={colors}
        winnerHash={report?.winner.hash}
      />
      {report && (
        <>
          <h3>Starting prompt and winner</h3>
          <p>
            The winner came from <strong>{report.winner.origin.strategy}</strong>:{' '}
            {report.winner.origin.description}.
          </p>
          <BodyDiff
            start={{ title: 'Starting prompt', ...report.start }}
            winner={{ title: 'Winner', ...report.winner }}
            startBody={report.start.body}
            winnerBody={report.winner.body}
          />
        </>
      )}
    </>
  );
}
