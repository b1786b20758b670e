import { type ColumnReport, percent } from '../api.ts';

const ROW = 26;
const LABEL = 220;
const WIDTH = 640;

/** Pass rate of each column (or of each value of a breakdown) as a dot with its 95% interval as an error bar. */
export function PassRateChart({ columns }: { columns: Pick<ColumnReport, 'name' | 'passRate'>[] }) {
  const plot = WIDTH - LABEL - 70;
  const x = (value: number) => LABEL + value * plot;
  const height = columns.length * ROW + 24;
  return (
    <svg
      width={WIDTH}
      height={height}
      role="img"
      aria-label="pass rates with 95% intervals"
      data-testid="pass-rate-chart"
    >
      {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - 18} stroke="#ddd" />
          <text x={x(tick)} y={height - 4} fontSize={10} textAnchor="middle">
            {percent(tick)}
          </text>
        </g>
      ))}
      {columns.map((column, index) => {
        const y = index * ROW + ROW / 2;
        const rate = column.passRate;
        return (
          <g key={column.name}>
            <text x={LABEL - 8} y={y + 4} fontSize={12} textAnchor="end">
              {column.name}
            </text>
            {rate && (
              <>
                <line x1={x(rate.lower)} x2={x(rate.upper)} y1={y} y2={y} stroke="#345" strokeWidth={2} />
                <line x1={x(rate.lower)} x2={x(rate.lower)} y1={y - 5} y2={y + 5} stroke="#345" />
                <line x1={x(rate.upper)} x2={x(rate.upper)} y1={y - 5} y2={y + 5} stroke="#345" />
                <circle cx={x(rate.estimate)} cy={y} r={4} fill="#2a6" />
                <text x={WIDTH - 64} y={y + 4} fontSize={11}>
                  {percent(rate.estimate)}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
