import type { MatrixCell, MatrixRow, Rating } from '../api.ts';

/** A column of the matrix: one prompt × model. */
export interface MatrixColumn {
  promptIndex: number;
  modelIndex: number;
  name: string;
}

/** Height of a row in pixels; the virtualized matrix places rows by it. */
export const ROW_HEIGHT = 30;

/** The cell of a row in a column, if the row has come and holds one. */
export function cellIn(row: MatrixRow | undefined, column: MatrixColumn | undefined): MatrixCell | undefined {
  return row?.cells.find(
    (cell) => cell.promptIndex === column?.promptIndex && cell.modelIndex === column?.modelIndex,
  );
}

/** One row of the matrix: the test (and repeat), then a cell per column; `…` while its page loads. */
export function MatrixRowView({
  index,
  row,
  columns,
  selectedColumn,
  onOpen,
}: {
  index: number;
  row: MatrixRow | undefined;
  columns: MatrixColumn[];
  selectedColumn: number | undefined;
  onOpen: (column: number, cell: MatrixCell | undefined) => void;
}) {
  return (
    <div className="matrix-row" style={{ top: index * ROW_HEIGHT }} data-row={index}>
      <span className="test-id" title={row?.testId}>
        {row ? `${row.testIndex + 1}${row.repeat > 0 ? ` #${row.repeat + 1}` : ''}` : '…'}
      </span>
      {columns.map((column, columnIndex) => {
        const cell = cellIn(row, column);
        const isSelected = selectedColumn === columnIndex;
        return (
          <button
            type="button"
            tabIndex={-1}
            key={column.name}
            className={`cell ${outcome(cell)}${isSelected ? ' selected' : ''}`}
            data-testid={isSelected ? 'selected-cell' : undefined}
            onClick={() => onOpen(columnIndex, cell)}
          >
            <span className="excerpt">{cell?.excerpt ?? ''}</span>
            <RatingBadge rating={cell?.rating} />
          </button>
        );
      })}
    </div>
  );
}

function outcome(cell: MatrixCell | undefined): string {
  if (cell === undefined) return 'empty';
  if (cell.error) return 'errored';
  if (cell.verdict === 'undecided') return 'undecided';
  return cell.pass === undefined ? 'unscored' : cell.pass ? 'passed' : 'failed';
}

function RatingBadge({ rating }: { rating: Rating | undefined }) {
  if (rating === undefined) return null;
  const parts = [
    rating.pass === undefined ? '' : rating.pass ? '✓' : '✗',
    rating.score ? `${rating.score}★` : '',
  ];
  return (
    <span className="rating" data-testid="rating">
      {parts.join(' ').trim()}
    </span>
  );
}
