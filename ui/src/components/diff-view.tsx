import { api } from '../api.ts';
import { lineDiff } from '../line-diff.ts';
import { useLoad } from '../use-load.ts';

/** Two versions of a prompt side by side, changed lines marked, and their settings' changes. */
export function DiffView({ name, from, to }: { name: string; from: string; to: string }) {
  const loaded = useLoad(
    () => Promise.all([api.version(name, from), api.version(name, to), api.diff(name, from, to)]),
    [name, from, to],
  );
  if (loaded.error) return <p className="error">{loaded.error}</p>;
  if (!loaded.data) return <p>Loading…</p>;
  const [before, after, diff] = loaded.data;
  const rows = lineDiff(before.content, after.content);
  return (
    <div data-testid="diff">
      <h3>
        <code>{from.slice(0, 7)}</code> → <code>{to.slice(0, 7)}</code>
      </h3>
      {diff.frontMatter.length > 0 && (
        <ul>
          {diff.frontMatter.map((change) => (
            <li key={change.path}>
              {change.kind} <code>{change.path}</code>: {JSON.stringify(change.before)} →{' '}
              {JSON.stringify(change.after)}
            </li>
          ))}
        </ul>
      )}
      <table className="diff">
        <tbody>
          {rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <tr key={index} className={row.kind}>
              <td className="left">{row.left ?? ''}</td>
              <td className="right">{row.right ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
