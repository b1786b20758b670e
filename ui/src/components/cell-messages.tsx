import { insightApi } from '../insight-api.ts';
import { useLoad } from '../use-load.ts';

/** The messages a cell sent, rendered again by the server; or why they cannot be known. */
export function CellMessages({ runId, cellKey }: { runId: string; cellKey: string }) {
  const loaded = useLoad(() => insightApi.messages(runId, cellKey), [runId, cellKey]);
  if (loaded.error) return <p className="error">{loaded.error}</p>;
  if (!loaded.data) return <p>Rendering the messages…</p>;
  const shown = loaded.data;
  if (!shown.available) {
    return (
      <p className="note" data-testid="messages-unavailable">
        Not shown: {shown.reason}.
      </p>
    );
  }
  return (
    <div data-testid="cell-messages">
      <p className="note">
        {shown.prompt.label} @ <code>{shown.prompt.hash.slice(0, 12)}</code>, rendered again with the test's
        variables
      </p>
      {shown.messages.map((message, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: messages are listed in the order they were sent
        <div key={index} className="message">
          <strong>{message.role}</strong>
          <pre>{message.content}</pre>
        </div>
      ))}
    </div>
  );
}
