import { formatTable } from '../../util/format-table.ts';
import type { ColumnReport, RunReport } from './run-report.ts';

/** The report as text for a terminal: a table of columns, the verdicts in words, the flaky tests. */
export function formatRunReport(report: RunReport): string {
  const { run } = report;
  const header = [
    'prompt',
    'model',
    'pass rate',
    '95% interval',
    'tests',
    'score',
    'errors',
    'cost',
    'p50 latency',
  ];
  const rows = report.columns.map(columnRow);
  const lines = [formatTable([header, ...rows])];
  if (report.comparisons.length > 0) {
    lines.push('', 'Comparisons (paired, on the same tests):');
    for (const comparison of report.comparisons) lines.push(`  ${comparison.verdict}`);
  }
  if (report.flaky.length > 0) {
    lines.push('', `Flaky tests (the verdict changed between repeats): ${report.flaky.length}`);
    for (const test of report.flaky.slice(0, 20))
      lines.push(`  ${test.testId}  in ${test.columns.join(', ')}`);
    if (report.flaky.length > 20) lines.push(`  ... and ${report.flaky.length - 20} more`);
  }
  const { totals } = run;
  const cost = `$${totals.costUsd.toFixed(4)}`;
  lines.push(
    '',
    `run ${run.id} (${run.status}): ${totals.cells}/${run.manifest.cellCount} cells, ${totals.passed} passed, ${totals.failed} failed, ${totals.errors} errors, ${totals.cached} cached, ${cost}`,
  );
  return lines.join('\n');
}

function columnRow(column: ColumnReport): string[] {
  const rate = column.passRate;
  const method = rate?.method === 'clustered-wilson' ? ' clustered' : '';
  return [
    column.prompt,
    column.model,
    rate === undefined ? '–' : percent(rate.estimate),
    rate === undefined ? '–' : `[${percent(rate.lower)}, ${percent(rate.upper)}]${method}`,
    String(column.tests),
    column.meanScore === undefined ? '–' : column.meanScore.toFixed(2),
    String(column.errors),
    `$${column.costUsd.toFixed(4)}`,
    column.latencyP50 === undefined ? '–' : `${Math.round(column.latencyP50)} ms`,
  ];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
