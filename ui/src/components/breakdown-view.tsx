import { useState } from 'react';
import { percent } from '../api.ts';
import { type Breakdown, type BreakdownColumn, breakdownApi } from '../breakdown-api.ts';
import { useLoad } from '../use-load.ts';
import { PassRateChart } from './pass-rate-chart.tsx';

/**
 * A run's pass rates per value of a test variable the person picks: per column, a chart of the
 * values' rates with their intervals, a table, and whether the rate differs across values (the
 * same figures as `plume runs show RUN --by VAR`).
 */
export function BreakdownView({ runId }: { runId: string }) {
  const variables = useLoad(() => breakdownApi.variables(runId), [runId]);
  const [variable, setVariable] = useState('');
  if (variables.error) return <p className="error">{variables.error}</p>;
  if (!variables.data || variables.data.length === 0) return null;
  return (
    <section data-testid="breakdown">
      <h3>Breakdown by a test variable</h3>
      <label>
        by{' '}
        <select
          data-testid="breakdown-variable"
          value={variable}
          onChange={(event) => setVariable(event.target.value)}
        >
          <option value="">choose a variable…</option>
          {variables.data.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name} ({entry.tests} tests)
            </option>
          ))}
        </select>
      </label>
      {variable === '' ? null : <BreakdownResult runId={runId} variable={variable} />}
    </section>
  );
}

function BreakdownResult({ runId, variable }: { runId: string; variable: string }) {
  const breakdown = useLoad(() => breakdownApi.breakdown(runId, variable), [runId, variable]);
  if (breakdown.error) return <p className="error">{breakdown.error}</p>;
  if (!breakdown.data) return <p>Computing the breakdown…</p>;
  const data = breakdown.data;
  return (
    <>
      <p data-testid="breakdown-pairing">
        {data.values.length} values;{' '}
        {data.pairing.paired
          ? `paired: ${data.pairing.blocks} blocks of tests that share all their other variables`
          : `unpaired (${data.pairing.reason})`}
        {data.otherValues > 0 ? `; ${data.otherValues} less common values grouped as (other)` : ''}
        {data.correction === 'holm' ? '; p-values Holm-corrected over the columns' : ''}
      </p>
      {data.columns.map((column) => (
        <figure className="chart" key={column.column} data-testid="breakdown-column">
          <figcaption>
            {column.column}: pass rate per {variable}, with its 95% interval
          </figcaption>
          <PassRateChart
            columns={column.values.map((cell) => ({
              name: `${cell.value} (n=${cell.tests})`,
              passRate: cell.passRate,
            }))}
          />
          <p data-testid="breakdown-verdict">{verdict(column, data)}</p>
        </figure>
      ))}
      <table data-testid="breakdown-table">
        <thead>
          <tr>
            <th>{variable}</th>
            <th>tests</th>
            {data.columns.map((column) => (
              <th key={column.column}>{column.column} [95% CI]</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.values.map((value, index) => (
            <tr key={value.value}>
              <td>{value.value}</td>
              <td>{value.tests}</td>
              {data.columns.map((column) => {
                const rate = column.values[index]?.passRate;
                return (
                  <td key={column.column}>
                    {rate
                      ? `${percent(rate.estimate)} [${percent(rate.lower)}, ${percent(rate.upper)}] n=${column.values[index]!.tests}`
                      : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const METHODS: Record<string, string> = {
  'chi-square': "Pearson's χ²",
  'fisher-exact': "Fisher's exact test",
  'monte-carlo-exact': 'Monte Carlo exact test',
  'mcnemar-exact': "McNemar's exact test (paired)",
  'cochran-q': "Cochran's Q (paired)",
  'monte-carlo-paired': "Cochran's Q, Monte Carlo within blocks (paired)",
};

function verdict(column: BreakdownColumn, breakdown: Breakdown): string {
  const { test, spread } = column;
  if (!test) return 'not tested: fewer than two values with a decided test';
  const p = (value: number) => (value < 0.001 ? '< 0.001' : `= ${value.toFixed(3)}`);
  const words = test.significant ? 'differs across values' : 'no evidence that it differs across values';
  const adjusted = breakdown.correction === 'holm' ? `, Holm-adjusted p ${p(test.adjustedPValue)}` : '';
  const gap =
    spread === undefined
      ? ''
      : `; ${spread.highest} vs ${spread.lowest}: ${(spread.difference * 100).toFixed(1)} pp${
          spread.testsNeeded === undefined
            ? ''
            : ` (${spread.testsNeeded} ${breakdown.pairing.paired ? 'blocks' : 'tests a value'} would detect it at 80% power)`
        }`;
  return `${words} — ${METHODS[test.method] ?? test.method}, p ${p(test.pValue)}${adjusted}${gap}`;
}
