import { useState } from 'react';
import { api } from '../api.ts';
import { DiffView } from '../components/diff-view.tsx';
import { VersionEditor } from '../components/version-editor.tsx';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/** Browse and search the prompts; a prompt's versions; a side-by-side diff of two of them. */
export function LibraryPage({ name }: { name: string | undefined }) {
  const [query, setQuery] = useState('');
  const listing = useLoad(() => api.prompts(query), [query]);
  const prompts = listing.data?.prompts ?? listing.data?.results ?? [];
  return (
    <div className="split">
      <section className="sidebar">
        <input
          type="search"
          placeholder="Search prompts"
          aria-label="Search prompts"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        {listing.error && <p className="error">{listing.error}</p>}
        <ul className="list" data-testid="prompt-list">
          {prompts.map((prompt) => (
            <li key={prompt.name} className={prompt.name === name ? 'active' : ''}>
              <a href={href('library', prompt.name)}>{prompt.name}</a>
              <small>{prompt.description}</small>
            </li>
          ))}
        </ul>
      </section>
      <section className="content">
        {name ? <PromptVersions key={name} name={name} /> : <p>Pick a prompt.</p>}
      </section>
    </div>
  );
}

function PromptVersions({ name }: { name: string }) {
  const [reload, setReload] = useState(0);
  const history = useLoad(() => api.prompt(name), [name, reload]);
  const [picked, setPicked] = useState<string[]>([]);
  const [label, setLabel] = useState('production');
  if (history.error) return <p className="error">{history.error}</p>;
  if (!history.data) return <p>Loading…</p>;
  const versions = history.data.versions;
  const toggle = (hash: string) =>
    setPicked((current) =>
      current.includes(hash) ? current.filter((item) => item !== hash) : [...current, hash].slice(-2),
    );
  // The older of the two picked versions is on the left.
  const [from, to] = [...picked].sort(
    (a, b) => versions.findIndex((v) => v.hash === b) - versions.findIndex((v) => v.hash === a),
  );
  return (
    <>
      <h2>{name}</h2>
      <p>Tick two versions to compare them side by side.</p>
      <table data-testid="versions">
        <thead>
          <tr>
            <th />
            <th>version</th>
            <th>message</th>
            <th>author</th>
            <th>labels</th>
            <th>saved</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.hash}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`pick ${version.hash.slice(0, 7)}`}
                  checked={picked.includes(version.hash)}
                  onChange={() => toggle(version.hash)}
                />
              </td>
              <td>
                <code>{version.hash.slice(0, 7)}</code>
              </td>
              <td>{version.message}</td>
              <td>{version.author}</td>
              <td>{version.labels.join(', ')}</td>
              <td>{new Date(version.createdAt).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    api.label(name, label, version.hash).then(
                      () => setReload(reload + 1),
                      () => undefined,
                    )
                  }
                >
                  label here
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        Label to move{' '}
        <input aria-label="label to move" value={label} onChange={(event) => setLabel(event.target.value)} />
      </label>
      {from && to && <DiffView name={name} from={from} to={to} />}
      {versions[0] && (
        <VersionEditor
          key={versions[0].hash}
          name={name}
          newest={versions[0].hash}
          onSaved={() => setReload(reload + 1)}
        />
      )}
    </>
  );
}
