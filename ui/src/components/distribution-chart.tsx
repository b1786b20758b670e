import type { FigureDistribution } from '../insight-api.ts';

const WIDTH = 560;
const LABEL = 150;
const ROW = 44;
const BARS = 22;
const AXIS = 18;

/**
 * A figure's spread in each column: a histogram over bins shared by all columns (computed by the
 * server) and, under it, a box plot (min, quartiles, max; the median as a bar).
 */
export function DistributionChart({
  distribution,
  names,
  title,
  format,
}: {
  distribution: FigureDistribution;
  /** Column names by `promptIndex/modelIndex`. */
  names: Map<string, string>;
  title: string;
  format: (value: number) => string;
}) {
  const { edges, columns } = distribution;
  const low = edges[0] ?? 0;
  const high = edges.at(-1) ?? 1;
  const plot = WIDTH - LABEL - 36;
  const x = (value: number) => LABEL + (high > low ? ((value - low) / (high - low)) * plot : 0);
  const binWidth = plot / Math.max(1, edges.length - 1);
  const height = columns.length * ROW + AXIS + 16;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => low + share * (high - low));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        width={WIDTH}
        height={height}
        role="img"
        aria-label={title}
        data-testid={`spread-${distribution.figure}`}
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - AXIS} stroke="#eee" />
            <text x={x(tick)} y={height - 4} fontSize={10} textAnchor="middle">
              {format(tick)}
            </text>
          </g>
        ))}
        {columns.map((column, index) => {
          const top = index * ROW + 4;
          const most = Math.max(1, ...column.bins);
          const name = names.get(`${column.promptIndex}/${column.modelIndex}`) ?? '';
          const box = column.quartiles;
          const middle = top + BARS + 9;
          return (
            <g key={name} data-testid="spread-row">
              <text x={LABEL - 8} y={top + BARS / 2 + 8} fontSize={12} textAnchor="end">
                {name} ({column.count})
              </text>
              {column.bins.map((count, bin) => {
                const barHeight = (count / most) * BARS;
                return (
                  <rect
                    // biome-ignore lint/suspicious/noArrayIndexKey: bins are positions on the axis
                    key={bin}
                    x={LABEL + bin * binWidth + 0.5}
                    y={top + BARS - barHeight}
                    width={Math.max(1, binWidth - 1)}
                    height={barHeight}
                    fill="#9bc"
                  >
                    <title>{`${format(edges[bin]!)}–${format(edges[bin + 1]!)}: ${count}`}</title>
                  </rect>
                );
              })}
              {box && (
                <g>
                  <title>{`min ${format(box[0])} · q1 ${format(box[1])} · median ${format(box[2])} · q3 ${format(box[3])} · max ${format(box[4])}`}</title>
                  <line x1={x(box[0])} x2={x(box[4])} y1={middle} y2={middle} stroke="#345" />
                  <rect
                    x={x(box[1])}
                    y={middle - 5}
                    width={Math.max(1, x(box[3]) - x(box[1]))}
                    height={10}
                    fill="#fff"
                    stroke="#345"
                  />
                  <line
                    x1={x(box[2])}
                    x2={x(box[2])}
                    y1={middle - 6}
                    y2={middle + 6}
                    stroke="#c33"
                    strokeWidth={2}
                  />
                </g>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
