import { percent } from '../api.ts';
import { type CheckAgreement, insightApi } from '../insight-api.ts';
import { useLoad } from '../use-load.ts';

const BAR_WIDTH = 160;
const BAR_HEIGHT = 16;

/**
 * How far each model-graded check agrees with the people who rated cells: Cohen's kappa with its
 * 95% interval (drawn on −1…1), the ratings it rests on, and the raw share of agreement.
 * `version` changes whenever a rating is saved, so the figures follow the ratings.
 */
export function AgreementTable({ runId, version }: { runId: string; version: number }) {
  const loaded = useLoad(() => insightApi.agreement(runId), [runId, version], { keep: true });
  if (loaded.error) return <p className="error">{loaded.error}</p>;
  if (!loaded.data) return null;
  const { checks, ratedCells } = loaded.data;
  if (checks.length === 0) {
    return (
      <p data-testid="agreement" className="note">
        {ratedCells === 0
          ? 'Rate cells pass or fail (p / f) to see how far the model-graded checks agree with you.'
          : 'No model-graded check on the rated cells.'}
      </p>
    );
  }
  return (
    <table data-testid="agreement">
      <caption>Model-graded checks against people's ratings ({ratedCells} rated cells)</caption>
      <thead>
        <tr>
          <th>check</th>
          <th>Cohen's κ [95% CI]</th>
          <th aria-label="kappa interval" />
          <th>ratings</th>
          <th>raw agreement</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => (
          <tr key={check.name}>
            <td>{check.name}</td>
            <td data-testid="kappa">{kappaText(check)}</td>
            <td>
              <KappaBar check={check} />
            </td>
            <td>
              {check.n}
              {check.undecided > 0 ? ` (+${check.undecided} undecided)` : ''}
            </td>
            <td>{check.observedAgreement === undefined ? '–' : percent(check.observedAgreement)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function kappaText(check: CheckAgreement): string {
  if (check.kappa === undefined || check.interval === undefined) return `– (${check.reason ?? 'undefined'})`;
  return `${check.kappa.toFixed(2)} [${check.interval.lower.toFixed(2)}, ${check.interval.upper.toFixed(2)}]`;
}

/** κ as a dot with its interval on a −1…1 scale; 0 (chance) marked. */
function KappaBar({ check }: { check: CheckAgreement }) {
  const x = (value: number) => ((value + 1) / 2) * BAR_WIDTH;
  const y = BAR_HEIGHT / 2;
  return (
    <svg width={BAR_WIDTH} height={BAR_HEIGHT} role="img" aria-label={`kappa of ${check.name}`}>
      <line x1={0} x2={BAR_WIDTH} y1={y} y2={y} stroke="#eee" />
      <line x1={x(0)} x2={x(0)} y1={2} y2={BAR_HEIGHT - 2} stroke="#bbb" />
      {check.kappa !== undefined && check.interval && (
        <>
          <line
            x1={x(check.interval.lower)}
            x2={x(check.interval.upper)}
            y1={y}
            y2={y}
            stroke="#345"
            strokeWidth={2}
          />
          <circle cx={x(check.kappa)} cy={y} r={4} fill="#36c" />
        </>
      )}
    </svg>
  );
}
