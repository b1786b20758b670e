import { formatPassRate, formatPercent, passRateOf } from '../../spec/pass-rate.ts';
import { formatTable } from '../../util/format-table.ts';
import { UNDECIDED_LEFT_OUT } from '../assertions/undecided-advice.ts';
import { formatBreakdown, formatDerivedMetrics, formatMetricTotals } from './format-breakdown.ts';
import type { ColumnReport, FailedCell, RunReport } from './run-report.ts';
import { testName } from './test-labels.ts';

/** The report as text for a terminal: a table of columns, the verdicts in words, the flaky tests. */
export function formatRunReport(report: RunReport): string {
  const { run } = report;
  const header = [
    'prompt',
    'model',
    'pass rate',
    '95% interval',
    'decided',
    'tests',
    'score',
    'errors',
    'undecided',
    'cost',
    'p50 latency',
  ];
  const rows = report.columns.map(columnRow);
  // The wait for a provider's concurrency limit, beside the latency and never mixed into it.
  if (report.columns.some((column) => column.queueP50 !== undefined)) {
    header.push('queue p50 / p95');
    report.columns.forEach((column, index) => {
      rows[index]!.push(queueWait(column));
    });
  }
  const lines = [
    `grader of model-graded checks: ${report.grader.description}`,
    formatTable([header, ...rows]),
  ];
  if (report.comparisons.length > 0) {
    lines.push('', 'Comparisons (paired, on the same tests):');
    for (const comparison of report.comparisons) lines.push(`  ${comparison.verdict}`);
  }
  if (report.metrics !== undefined) lines.push('', ...formatMetricTotals(report.metrics));
  if (report.derivedMetrics !== undefined && report.derivedMetrics.length > 0)
    lines.push('', ...formatDerivedMetrics(report.derivedMetrics));
  for (const breakdown of report.breakdowns ?? []) lines.push('', ...formatBreakdown(breakdown));
  if (report.flaky.length > 0) {
    lines.push('', `Flaky tests (the verdict changed between repeats): ${report.flaky.length}`);
    for (const test of report.flaky.slice(0, 20))
      lines.push(`  ${testName(test.test, test.label)}  in ${test.columns.join(', ')}`);
    if (report.flaky.length > 20) lines.push(`  ... and ${report.flaky.length - 20} more`);
  }
  if (report.failures.length > 0) lines.push('', ...failureLines(report));
  if (run.totals.undecided > 0) lines.push('', ...undecidedLines(report));
  const { totals } = run;
  const cost = `$${totals.costUsd.toFixed(4)}`;
  lines.push(
    '',
    `run ${run.id} (${run.status}): ${totals.cells}/${run.manifest.cellCount} cells, ${totals.passed} passed, ${totals.failed} failed, ${totals.errors} errors, ${totals.undecided} undecided, ${totals.cached} cached, ${cost}`,
    `pass rate ${formatPassRate(passRateOf(totals))}`,
  );
  if (run.status === 'interrupted') lines.push(`continue it with plume eval --resume ${run.id}`);
  else if (totals.errors > 0) {
    const cells = totals.errors === 1 ? '1 cell' : `${totals.errors} cells`;
    lines.push(`${cells} errored: run them again with plume eval --retry-errors ${run.id}`);
  }
  return lines.join('\n');
}

// The first failed cells, each with the test, the column, why, and the start of the answer.
function failureLines(report: RunReport): string[] {
  const { run, failures } = report;
  const count = run.totals.failed + run.totals.errors;
  const more =
    count > failures.length
      ? ` (the first ${failures.length}; all: plume runs export ${run.id} -f jsonl)`
      : '';
  const lines = [`Failed cells: ${count}${more}`];
  const repeated = run.manifest.repeats > 1;
  for (const failure of failures) {
    const where = `${testName(failure.test, failure.label)}${repeated ? ` (repeat ${failure.repeat + 1})` : ''} · ${failure.column}`;
    lines.push(`  ${where}: ${why(failure)}`);
    if (failure.output !== undefined) lines.push(`    output: ${failure.output}`);
  }
  return lines;
}

// Said once: how many cells are undecided, that the pass rate leaves them out, and why.
function undecidedLines(report: RunReport): string[] {
  const { undecided } = report.run.totals;
  const lines = [`Undecided cells: ${undecided} (${UNDECIDED_LEFT_OUT})`];
  for (const check of report.undecidedChecks) {
    const cells = check.cells === 1 ? '1 cell' : `${check.cells} cells`;
    lines.push(`  ${check.check} (${cells}): ${check.advice ?? check.reason}`);
  }
  return lines;
}

function why(failure: FailedCell): string {
  if (failure.error !== undefined) return `error ${failure.error.code}: ${failure.error.message}`;
  if (failure.checks.length === 0) return failure.reason ?? 'failed';
  return failure.checks.map((check) => `${check.name}: ${check.reason}`).join('; ');
}

function columnRow(column: ColumnReport): string[] {
  const rate = column.passRate;
  const method = rate?.method === 'clustered-wilson' ? ' clustered' : '';
  return [
    column.prompt,
    column.model,
    rate === undefined ? '–' : formatPercent(rate.estimate),
    rate === undefined ? '–' : `[${formatPercent(rate.lower)}, ${formatPercent(rate.upper)}]${method}`,
    String(column.decided),
    String(column.tests),
    column.meanScore === undefined ? '–' : column.meanScore.toFixed(2),
    String(column.errors),
    String(column.undecided),
    `$${column.costUsd.toFixed(4)}`,
    column.latencyP50 === undefined ? '–' : `${Math.round(column.latencyP50)} ms`,
  ];
}

/** A column's wait for its provider's concurrency limit: `p50 / p95 ms`, or – when no call waited. */
export function queueWait(column: Pick<ColumnReport, 'queueP50' | 'queueP95'>): string {
  if (column.queueP50 === undefined || column.queueP95 === undefined) return '–';
  return `${Math.round(column.queueP50)} / ${Math.round(column.queueP95)} ms`;
}
