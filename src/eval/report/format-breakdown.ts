import type { GroupTestMethod } from '../../stats/index.ts';
import { formatTable } from '../../util/format-table.ts';
import type { Breakdown, BreakdownColumn, BreakdownTest } from './breakdown.ts';
import { MOST_VALUES, OTHER_VALUE } from './breakdown.ts';
import type { DerivedMetricTotal } from './derived-metrics.ts';
import type { MetricTotal } from './metric-totals.ts';

/** A breakdown as text: a table of values × columns, then each column's test across values. */
export function formatBreakdown(breakdown: Breakdown): string[] {
  const lines = [`By ${breakdown.variable}: ${breakdown.values.length} values, ${pairingWords(breakdown)}`];
  const header = ['value', 'tests', ...breakdown.columns.map((column) => column.column)];
  const rows = breakdown.values.map((value, index) => [
    value.value,
    String(value.tests),
    ...breakdown.columns.map((column) => {
      const cell = column.values[index];
      const rate = cell?.passRate;
      if (cell === undefined || rate === undefined) return '–';
      return `${percent(rate.estimate)} [${percent(rate.lower)}, ${percent(rate.upper)}] n=${cell.tests}`;
    }),
  ]);
  lines.push(...indent(formatTable([header, ...rows])));
  if (breakdown.otherValues > 0) {
    lines.push(
      `  ${OTHER_VALUE}: ${breakdown.otherValues} less common values grouped (more than ${MOST_VALUES} values)`,
    );
  }
  for (const column of breakdown.columns) lines.push(`  ${columnVerdict(column, breakdown)}`);
  return lines;
}

/** Named metrics as text: one row a metric, one column a report column. */
export function formatMetricTotals(metrics: readonly MetricTotal[]): string[] {
  const names = metricColumnNames(metrics);
  const rows = metrics.map((metric) => [
    metric.metric,
    ...names.map((name) => metricCell(metric.columns.find((column) => column.column === name))),
  ]);
  return [
    'Metrics (mean over tests, 95% interval; a pass rate when every score is 0 or 1):',
    ...indent(formatTable([['metric', ...names], ...rows])),
  ];
}

/** The suite's derived metrics, a row each, a column per prompt × model; why, where one has no value. */
export function formatDerivedMetrics(derived: readonly DerivedMetricTotal[]): string[] {
  const names = [...new Set(derived.flatMap((metric) => metric.columns.map((column) => column.column)))];
  const rows = derived.map((metric) => [
    metric.metric,
    ...names.map((name) => {
      const total = metric.columns.find((column) => column.column === name);
      if (total === undefined) return '–';
      return total.value === undefined
        ? `– (${total.reason ?? 'no value'})`
        : String(Number(total.value.toFixed(4)));
    }),
  ]);
  return [
    "Derived metrics (the suite's derivedMetrics, over each named metric's sum of test scores):",
    ...indent(formatTable([['metric', ...names], ...rows])),
  ];
}

/** The names of a run's columns that have a named metric, in report order. */
export function metricColumnNames(metrics: readonly MetricTotal[]): string[] {
  return [...new Set(metrics.flatMap((metric) => metric.columns.map((column) => column.column)))];
}

/** One metric in one column: `84.2% [76.6%, 89.6%] n=120`, a mean score with 3 decimals; – when absent. */
export function metricCell(total: MetricTotal['columns'][number] | undefined): string {
  if (total === undefined) return '–';
  const { estimate } = total;
  const show = total.kind === 'pass-fail' ? percent : (value: number) => value.toFixed(3);
  return `${show(estimate.estimate)} [${show(estimate.lower)}, ${show(estimate.upper)}] n=${total.tests}`;
}

function pairingWords(breakdown: Breakdown): string {
  const { pairing } = breakdown;
  return pairing.paired
    ? `paired: ${pairing.blocks} blocks of tests that share all their other variables`
    : `unpaired (${pairing.reason})`;
}

const METHOD_WORDS: Record<GroupTestMethod, string> = {
  'chi-square': "Pearson's χ²",
  'fisher-exact': "Fisher's exact test",
  'monte-carlo-exact': 'Monte Carlo exact test',
  'mcnemar-exact': "McNemar's exact test (paired)",
  'cochran-q': "Cochran's Q (paired)",
  'monte-carlo-paired': "Cochran's Q, Monte Carlo within blocks (paired)",
};

function columnVerdict(column: BreakdownColumn, breakdown: Breakdown): string {
  const { test, spread } = column;
  if (test === undefined) return `${column.column}: not tested (fewer than two values with a decided test)`;
  const verdict = test.significant ? 'differs across values' : 'no evidence that it differs across values';
  const parts = [`${column.column}: ${verdict} — ${testWords(test)}${correctionWords(test, breakdown)}`];
  if (spread !== undefined) {
    const gap = `${spread.highest} ${percentOf(column, spread.highest)} vs ${spread.lowest} ${percentOf(column, spread.lowest)}`;
    const unit = breakdown.pairing.paired ? 'blocks' : 'tests a value';
    const needed =
      spread.testsNeeded === undefined
        ? ''
        : `; ${spread.testsNeeded} ${unit} would detect this gap at 80% power`;
    parts.push(`${gap}${needed}`);
  }
  return parts.join('; ');
}

function testWords(test: BreakdownTest): string {
  const statistic =
    test.statistic === undefined
      ? ''
      : test.method === 'chi-square'
        ? ` χ²(${test.degreesOfFreedom}) = ${test.statistic.toFixed(2)},`
        : ` Q = ${test.statistic.toFixed(2)},`;
  const draws = test.resamples === undefined ? '' : ` from ${test.resamples} draws`;
  return `${METHOD_WORDS[test.method]},${statistic} p ${test.pValue < 0.001 ? '' : '= '}${pValue(test.pValue)}${draws}`;
}

function correctionWords(test: BreakdownTest, breakdown: Breakdown): string {
  if (breakdown.correction !== 'holm') return '';
  const tested = breakdown.columns.filter((column) => column.test !== undefined).length;
  return ` (Holm-adjusted over ${tested} columns: ${pValue(test.adjustedPValue)})`;
}

function percentOf(column: BreakdownColumn, value: string): string {
  const rate = column.values.find((cell) => cell.value === value)?.passRate;
  return rate === undefined ? '–' : percent(rate.estimate);
}

function pValue(value: number): string {
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}
