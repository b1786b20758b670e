import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, type MatrixCell, type MatrixFilters, type MatrixRow, NO_FILTERS, type Rating } from '../api.ts';
import { CellPanel } from './cell-panel.tsx';
import { cellIn, type MatrixColumn, MatrixRowView, ROW_HEIGHT } from './matrix-row.tsx';
import { MatrixToolbar } from './matrix-toolbar.tsx';

export type { MatrixColumn } from './matrix-row.tsx';

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
  onRated,
}: {
  runId: string;
  columns: MatrixColumn[];
  /** Called when the first page of rows has come. */
  onFirstRows?: () => void;
  /** Called when a rating has been saved. */
  onRated?: () => void;
}) {
  const [filters, setFilters] = useState<MatrixFilters>(NO_FILTERS);
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
      api.cells(runId, page * PAGE_ROWS, PAGE_ROWS, filters).then((result) => {
        pages.current.set(page, result.rows);
        setTotal(result.total);
        firstRows.current?.();
        setVersion((version) => version + 1);
      });
    },
    [runId, filters],
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
  const cellAt = (row: MatrixRow | undefined, column: number): MatrixCell | undefined =>
    cellIn(row, columns[column]);

  const rate = (rating: Rating) => {
    const cell = cellAt(rowAt(selected.row), selected.column);
    if (cell === undefined) return;
    cell.rating = { ...cell.rating, ...rating };
    setVersion((version) => version + 1);
    api
      .rate(runId, cell.key, rating)
      .then(() => onRated?.())
      .catch(() => undefined);
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
    rows.push(
      <MatrixRowView
        key={index}
        index={index}
        row={rowAt(index)}
        columns={columns}
        selectedColumn={selected.row === index ? selected.column : undefined}
        onOpen={(column, cell) => {
          setSelected({ row: index, column });
          setOpenKey(cell?.key);
          viewport.current?.focus();
        }}
      />,
    );
  }

  return (
    <section className="matrix-section">
      <MatrixToolbar runId={runId} filters={filters} onChange={setFilters} total={total} />
      <small>j/k move · h/l column · p pass · f fail · 1–5 score · Enter open</small>
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
        <CellPanel
          key={openKey}
          runId={runId}
          cellKey={openKey}
          onClose={() => setOpenKey(undefined)}
          onRated={onRated}
        />
      )}
    </section>
  );
}
