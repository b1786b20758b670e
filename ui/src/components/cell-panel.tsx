import { useState } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../use-load.ts';
import { CellMessages } from './cell-messages.tsx';

/** One cell in full: the messages sent, output, error, assertion results, figures, and its rating form. */
export function CellPanel({
  runId,
  cellKey,
  onClose,
  onRated,
}: {
  runId: string;
  cellKey: string;
  onClose: () => void;
  onRated?: () => void;
}) {
  const loaded = useLoad(() => api.cell(runId, cellKey), [runId, cellKey]);
  const [comment, setComment] = useState<string | undefined>(undefined);
  const [ideal, setIdeal] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  if (loaded.error) return <aside className="panel error">{loaded.error}</aside>;
  if (!loaded.data) return <aside className="panel">Loading…</aside>;
  const { cell, rating } = loaded.data;
  const save = () =>
    api
      .rate(runId, cellKey, {
        comment: comment ?? rating?.comment ?? '',
        ideal: ideal ?? rating?.ideal ?? '',
      })
      .then(() => {
        setSaved(true);
        onRated?.();
      });
  return (
    <aside className="panel" data-testid="cell-panel">
      <button type="button" className="close" onClick={onClose} aria-label="close">
        ×
      </button>
      <h3>
        test {cell.testIndex + 1} <code>{cell.testId}</code>{' '}
        <span className={cell.error ? 'errored' : cell.pass ? 'passed' : 'failed'}>
          {cell.error ? 'error' : cell.pass ? 'pass' : 'fail'}
        </span>
      </h3>
      <p>
        {cell.latencyMs === undefined ? '–' : `${cell.latencyMs.toFixed(1)} ms`}
        {cell.queueMs !== undefined && cell.queueMs > 0 && (
          <span data-testid="cell-queue">
            {' '}
            (+ {cell.queueMs.toFixed(1)} ms waiting for the provider's limit)
          </span>
        )}{' '}
        · {cell.inputTokens ?? '–'} → {cell.outputTokens ?? '–'} tokens · ${(cell.costUsd ?? 0).toFixed(5)}
        {cell.cached ? ' · cached' : ''}
      </p>
      {cell.error && (
        <p className="error">
          {cell.error.code}: {cell.error.message}
        </p>
      )}
      <h4>Messages sent</h4>
      <CellMessages runId={runId} cellKey={cellKey} />
      <h4>Output</h4>
      <pre data-testid="cell-output">{cell.output}</pre>
      <h4>Assertions</h4>
      <ul>
        {cell.assertions.map((assertion, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: assertions are listed in their order
          <li key={index} className={assertion.pass ? 'passed' : 'failed'}>
            {assertion.type} — {assertion.reason}
          </li>
        ))}
      </ul>
      <h4>Your rating</h4>
      <label>
        Comment
        <textarea
          value={comment ?? rating?.comment ?? ''}
          onChange={(event) => setComment(event.target.value)}
        />
      </label>
      <label>
        Ideal answer
        <textarea value={ideal ?? rating?.ideal ?? ''} onChange={(event) => setIdeal(event.target.value)} />
      </label>
      <button type="button" onClick={save}>
        Save rating
      </button>
      {saved && <span> saved</span>}
    </aside>
  );
}
