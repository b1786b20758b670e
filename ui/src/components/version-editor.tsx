import { useState } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../use-load.ts';

/** Edit the newest version of a prompt and save the result as a new version, with a message. */
export function VersionEditor({
  name,
  newest,
  onSaved,
}: {
  name: string;
  newest: string;
  onSaved: () => void;
}) {
  const version = useLoad(() => api.version(name, newest), [name, newest]);
  const [content, setContent] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  if (!version.data) return null;
  const text = content ?? version.data.content;
  const save = () => api.save(name, text, message).then(onSaved, (caught: Error) => setError(caught.message));
  return (
    <section className="form" data-testid="editor">
      <h3>Edit</h3>
      <textarea
        aria-label="prompt text"
        rows={8}
        value={text}
        onChange={(event) => setContent(event.target.value)}
      />
      <input
        aria-label="version message"
        placeholder="What changed and why"
        value={message}
        onChange={(event) => setMessage(event.target.value)}
      />
      <button type="button" onClick={save} disabled={message.trim() === '' || text === version.data.content}>
        Save version
      </button>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
