import { percent } from '../api.ts';
import { type HeldOut, points } from '../optimization-api.ts';

const WIDTH = 520;
const HEIGHT = 56;
const SIDE = 30;

/**
 * The held-out test in words (the server's verdict) and as a picture: the lift with its 95%
 * interval as an error bar on an axis centred on 0, so "crosses zero" can be seen at a glance.
 */
export function HeldOutVerdict({
  heldOut,
  budgetExhausted,
}: {
  heldOut?: HeldOut;
  budgetExhausted: boolean;
}) {
  if (heldOut === undefined) {
    return (
      <p data-testid="verdict">
        No held-out test was run{budgetExhausted ? ': the budget ran out first' : ''}, so nothing is proven.
      </p>
    );
  }
  // As the verdict decides: the test and the interval must agree.
  const worse = heldOut.lift < 0 && heldOut.pValue <= 0.05 && heldOut.high < 0;
  const tone = heldOut.significant ? 'better' : worse ? 'worse' : 'unclear';
  const headline = heldOut.significant
    ? 'Better on held-out tests'
    : worse
      ? 'Worse on held-out tests'
      : 'No proven difference on held-out tests';
  // Symmetric around 0, in steps of 10 points, wide enough for the interval.
  const reach = Math.max(0.1, Math.ceil(Math.max(Math.abs(heldOut.low), Math.abs(heldOut.high)) * 10) / 10);
  const x = (value: number) => SIDE + ((value + reach) / (2 * reach)) * (WIDTH - 2 * SIDE);
  const color = { better: '#2a6', worse: '#c33', unclear: '#777' }[tone];
  const middle = 20;
  return (
    <div data-testid="held-out">
      <p data-testid="verdict" className={`verdict ${tone}`}>
        <strong>{headline}.</strong> {capitalize(heldOut.verdict)}.
      </p>
      <p>
        On {heldOut.tests} held-out tests the starting prompt passed {percent(heldOut.startRate)} and the
        winner {percent(heldOut.winnerRate)}: a lift of {points(heldOut.lift)}, 95% interval [
        {points(heldOut.low)}, {points(heldOut.high)}].
      </p>
      <p className="chart-caption">Lift of the winner over the starting prompt, with its 95% interval</p>
      <svg
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`held-out lift ${points(heldOut.lift)} with its 95% interval`}
        data-testid="lift-chart"
      >
        {[-reach, -reach / 2, 0, reach / 2, reach].map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={4} y2={HEIGHT - 18} stroke={tick === 0 ? '#333' : '#eee'} />
            <text x={x(tick)} y={HEIGHT - 4} fontSize={10} textAnchor="middle">
              {tick === 0 ? '0 (no lift)' : points(tick)}
            </text>
          </g>
        ))}
        <g data-testid="lift-interval">
          <title>{`lift ${points(heldOut.lift)} [${points(heldOut.low)}, ${points(heldOut.high)}]`}</title>
          <line
            x1={x(heldOut.low)}
            x2={x(heldOut.high)}
            y1={middle}
            y2={middle}
            stroke={color}
            strokeWidth={2}
          />
          <line x1={x(heldOut.low)} x2={x(heldOut.low)} y1={middle - 6} y2={middle + 6} stroke={color} />
          <line x1={x(heldOut.high)} x2={x(heldOut.high)} y1={middle - 6} y2={middle + 6} stroke={color} />
          <circle cx={x(heldOut.lift)} cy={middle} r={5} fill={color} />
        </g>
      </svg>
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
