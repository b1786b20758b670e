import { percent } from '../api.ts';
import type { TrajectoryPoint } from '../optimization-api.ts';

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 52;
const RIGHT = 20;
const TOP = 12;
const BOTTOM = 40;

/**
 * The best validation pass rate so far against calls spent: a step line (the best holds until a
 * better candidate is found), a point per improvement coloured by the strategy that found it,
 * and the call budget as a vertical line. Every point is a rate on the same validation tests
 * (a candidate replaces the best only after beating it on them), so the line never goes down;
 * the caption says how many tests that is.
 */
export function TrajectoryChart({
  trajectory,
  colors,
  budgetCalls,
  spentCalls,
}: {
  trajectory: TrajectoryPoint[];
  /** A colour per strategy, in the order they ran (the legend's order). */
  colors: Map<string, string>;
  budgetCalls: number | undefined;
  /** Calls spent in all: the line runs on to here. */
  spentCalls: number;
}) {
  const lastCalls = trajectory.at(-1)?.callsSpent ?? 0;
  const most = Math.max(1, budgetCalls ?? 0, spentCalls, lastCalls);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (calls: number) => LEFT + (calls / most) * plotWidth;
  const y = (rate: number) => TOP + (1 - rate) * plotHeight;
  const steps = trajectory
    .map(
      (point, index) =>
        `${index === 0 ? 'M' : 'H'} ${x(point.callsSpent)} ${index === 0 ? '' : 'V '}${y(point.score)}`,
    )
    .join(' ');
  const last = trajectory.at(-1);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => Math.round(share * most));
  const basis = new Set(trajectory.map((point) => point.tests));
  const caption =
    basis.size === 1
      ? `Best validation pass rate so far, on the same ${trajectory[0]!.tests} validation tests, by calls spent`
      : 'Best validation pass rate so far, by calls spent (points on different numbers of tests: see each point)';
  return (
    <figure className="chart">
      <figcaption data-testid="trajectory-caption">{caption}</figcaption>
      <svg
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label="optimization trajectory: best validation pass rate by calls spent"
        data-testid="trajectory-chart"
      >
        {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
          <g key={`y${tick}`}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke="#eee" />
            <text x={LEFT - 6} y={y(tick) + 4} fontSize={10} textAnchor="end">
              {percent(tick).replace('.0%', '%')}
            </text>
          </g>
        ))}
        {xTicks.map((tick) => (
          <text key={`x${tick}`} x={x(tick)} y={HEIGHT - BOTTOM + 14} fontSize={10} textAnchor="middle">
            {tick}
          </text>
        ))}
        <text x={LEFT + plotWidth / 2} y={HEIGHT - 6} fontSize={11} textAnchor="middle">
          calls spent
        </text>
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + plotHeight} stroke="#999" />
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + plotHeight} y2={TOP + plotHeight} stroke="#999" />
        {budgetCalls !== undefined && (
          <g data-testid="budget-line">
            <line
              x1={x(budgetCalls)}
              x2={x(budgetCalls)}
              y1={TOP}
              y2={TOP + plotHeight}
              stroke="#c33"
              strokeDasharray="4 3"
            />
            <text x={x(budgetCalls) - 4} y={TOP + 10} fontSize={10} textAnchor="end" fill="#c33">
              budget
            </text>
          </g>
        )}
        <path d={steps} fill="none" stroke="#345" strokeWidth={2} />
        {last && spentCalls > last.callsSpent && (
          <line
            x1={x(last.callsSpent)}
            x2={x(spentCalls)}
            y1={y(last.score)}
            y2={y(last.score)}
            stroke="#345"
            strokeDasharray="3 3"
          >
            <title>
              no better candidate after this point; the spend that follows includes the held-out test
            </title>
          </line>
        )}
        {trajectory.map((point) => (
          <circle
            key={point.seq}
            data-testid="trajectory-point"
            data-strategy={point.strategy}
            cx={x(point.callsSpent)}
            cy={y(point.score)}
            r={5}
            fill={colors.get(point.strategy) ?? '#333'}
            stroke="#fff"
          >
            <title>
              {`${point.strategy}: ${percent(point.score)} on ${point.tests} validation tests after ${point.callsSpent} calls ($${point.costSpent.toFixed(4)}), candidate ${point.candidateHash.slice(0, 8)}`}
            </title>
          </circle>
        ))}
      </svg>
      <ul className="legend" data-testid="trajectory-legend">
        {[...colors].map(([name, color]) => (
          <li key={name}>
            <span className="swatch" style={{ background: color }} /> {name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
