import { optimizationApi, points } from '../optimization-api.ts';
import { useLoad } from '../use-load.ts';
import { href } from '../use-route.ts';

/** The prompt optimizations, newest first: prompt, model, status, spend, held-out lift. */
export function OptimizationsPage() {
  const list = useLoad(() => optimizationApi.list(), []);
  if (list.error) return <p className="error">{list.error}</p>;
  if (!list.data) return <p>Loading…</p>;
  if (list.data.length === 0) return <p>No optimizations yet: start one with `plume optimize`.</p>;
  return (
    <table data-testid="optimizations">
      <thead>
        <tr>
          <th>optimization</th>
          <th>prompt</th>
          <th>model</th>
          <th>status</th>
          <th>calls spent</th>
          <th>held-out lift [95% interval]</th>
          <th>started</th>
        </tr>
      </thead>
      <tbody>
        {list.data.map((item) => (
          <tr key={item.id}>
            <td>
              <a href={href('optimizations', item.id)}>{item.id}</a>
            </td>
            <td>{item.prompt}</td>
            <td>{item.model}</td>
            <td className={`status ${item.status}`}>{item.status}</td>
            <td>
              {item.callsSpent}
              {item.budget.calls === undefined ? '' : ` / ${item.budget.calls}`}
            </td>
            <td>
              {item.heldOut === undefined
                ? '–'
                : `${points(item.heldOut.lift)} [${points(item.heldOut.low)}, ${points(item.heldOut.high)}] on ${
                    item.heldOut.tests
                  } tests${item.heldOut.significant ? ', significant' : ''}`}
            </td>
            <td>{new Date(item.createdAt).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
