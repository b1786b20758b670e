import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, type MatrixCell, type MatrixRow, type Rating } from '../api.ts';
import { CellPanel } from './cell-panel.tsx';

/** A column of the matrix: one prompt × model. */
export interface MatrixColumn {
  promptIndex: number;
  modelIndex: number;
  name: string;
}

const ROW_HEIGHT = 30;
const PAGE_ROWS = 200;
const VIEW_HEIGHT = 480;
const OVERSCAN = 10;
/** Keys that move the selection: [rows, columns]. */
const MOVES: Record<string, readonly [number, number]> = {
  j: [1, 0],
  ArrowDown: [1, 0],
  k: [-1, 0],
  ArrowUp: [-1, 0],
  h: [0, -1],
  ArrowLeft: [0, -1],
  l: [0, 1],
  ArrowRight: [0, 1],
};

/**
 * The run's cells, tests as rows and columns as prompt × model. Only the rows in view are
 * drawn, and rows are fetched from the server a page at a time, so 100,000 cells stay smooth.
 * Keys: j/k move down/up, h/l left/right, p pass, f fail, 1–5 score, Enter opens the cell.
 */
export function Matrix({
  runId,
  columns,
  onFirstRows,
}: {
  runId: string;
  columns: MatrixColumn[];
  /** Called when the first page of rows has come. */
  onFirstRows?: () => void;
}) {
  const [failures, setFailures] = useState(false);
  const [query, setQuery] = useState('');
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [scrollTop, setScrollTop] = useState(0);
  const [selected, setSelected] = useState({ row: 0, column: 0 });
  const [openKey, setOpenKey] = useState<string | undefined>(undefined);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, MatrixRow[] | 'loading'>());
  const viewport = useRef<HTMLDivElement>(null);
  const firstRows = useRef(onFirstRows);
  firstRows.current = onFirstRows;

  const loadPage = useCallback(
    (page: number) => {
      if (pages.current.has(page)) return;
      pages.current.set(page, 'loading');
      api.cells(runId, page * PAGE_ROWS, PAGE_ROWS, failures, query).then((result) => {
        pages.current.set(page, result.rows);
        setTotal(result.total);
        firstRows.current?.();
        setVersion((version) => version + 1);
      });
    },
    [runId, failures, query],
  );

  useEffect(() => {
    pages.current = new Map();
    setTotal(undefined);
    setSelected({ row: 0, column: 0 });
    if (viewport.current) viewport.current.scrollTop = 0;
    setScrollTop(0);
    loadPage(0);
  }, [loadPage]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total ?? 0, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    if (total === undefined) return;
    for (
      let page = Math.floor(first / PAGE_ROWS);
      page <= Math.floor(Math.max(first, last - 1) / PAGE_ROWS);
      page++
    )
      loadPage(page);
  }, [first, last, total, loadPage]);

  const rowAt = (index: number): MatrixRow | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE_ROWS));
    return page === undefined || page === 'loading' ? undefined : page[index % PAGE_ROWS];
  };
  const cellAt = (row: MatrixRow | undefined, column: number): MatrixCell | undefined => {
    const wanted = columns[column];
    return row?.cells.find(
      (cell) => cell.promptIndex === wanted?.promptIndex && cell.modelIndex === wanted?.modelIndex,
    );
  };

  const rate = (rating: Rating) => {
    const cell = cellAt(rowAt(selected.row), selected.column);
    if (cell === undefined) return;
    cell.rating = { ...cell.rating, ...rating };
    setVersion((version) => version + 1);
    api.rate(runId, cell.key, rating).catch(() => undefined);
  };

  const move = (rows: number, columnsBy: number) => {
    const row = Math.min(Math.max(0, selected.row + rows), Math.max(0, (total ?? 1) - 1));
    const column = Math.min(Math.max(0, selected.column + columnsBy), columns.length - 1);
    setSelected({ row, column });
    const element = viewport.current;
    if (element === null) return;
    const top = row * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + VIEW_HEIGHT)
      element.scrollTop = top + ROW_HEIGHT - VIEW_HEIGHT;
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const step = MOVES[event.key];
    const cell = cellAt(rowAt(selected.row), selected.column);
    if (step) move(step[0], step[1]);
    else if (event.key === 'p' || event.key === 'f') rate({ pass: event.key === 'p' });
    else if (/^[1-5]$/.test(event.key)) rate({ score: Number(event.key) });
    else if (event.key === 'Enter') setOpenKey(cell?.key);
    else if (event.key === 'Escape') setOpenKey(undefined);
    else return;
    event.preventDefault();
  };

  const rows = [];
  for (let index = first; index < last; index++) {
    const row = rowAt(index);
    rows.push(
      <div key={index} className="matrix-row" style={{ top: index * ROW_HEIGHT }} data-row={index}>
        <span className="test-id" title={row?.testId}>
          {row ? `${row.testId}${row.repeat > 0 ? ` #${row.repeat + 1}` : ''}` : '…'}
        </span>
        {columns.map((column, columnIndex) => {
          const cell = cellAt(row, columnIndex);
          const isSelected = selected.row === index && selected.column === columnIndex;
          return (
            <button
              type="button"
              tabIndex={-1}
              key={column.name}
              className={`cell ${outcome(cell)}${isSelected ? ' selected' : ''}`}
              data-testid={isSelected ? 'selected-cell' : undefined}
              onClick={() => {
                setSelected({ row: index, column: columnIndex });
                setOpenKey(cell?.key);
                viewport.current?.focus();
              }}
            >
              <span className="excerpt">{cell?.excerpt ?? ''}</span>
              <RatingBadge rating={cell?.rating} />
            </button>
          );
        })}
      </div>,
    );
  }

  return (
    <section className="matrix-section">
      <div className="toolbar">
        <label>
          <input type="checkbox" checked={failures} onChange={(event) => setFailures(event.target.checked)} />{' '}
          failures only
        </label>
        <input
          type="search"
          aria-label="Search cells"
          placeholder="Search tests and outputs"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <span data-testid="row-count">{total === undefined ? '…' : `${total} rows`}</span>
        <small>j/k move · h/l column · p pass · f fail · 1–5 score · Enter open</small>
      </div>
      <div className="matrix-head">
        <span className="test-id">test</span>
        {columns.map((column) => (
          <span key={column.name} className="cell-head">
            {column.name}
          </span>
        ))}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a virtualized grid draws only the rows in view, which a table cannot */}
      <div
        ref={viewport}
        role="grid"
        className="matrix"
        aria-label="cells"
        tabIndex={0}
        data-testid="matrix"
        style={{ height: VIEW_HEIGHT }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onKey}
      >
        <div style={{ height: (total ?? 0) * ROW_HEIGHT, position: 'relative' }}>{rows}</div>
      </div>
      {openKey && (
        <CellPanel key={openKey} runId={runId} cellKey={openKey} onClose={() => setOpenKey(undefined)} />
      )}
    </section>
  );
}

function outcome(cell: MatrixCell | undefined): string {
  if (cell === undefined) return 'empty';
  if (cell.error) return 'errored';
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
