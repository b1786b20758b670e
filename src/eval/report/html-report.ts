import { formatPassRate, formatPercent, passRateOf } from '../../spec/pass-rate.ts';
import { cellVerdict, type RunRecord } from '../../spec/run.ts';
import type { RunStore } from '../../store/run-store.ts';
import { UNDECIDED_LEFT_OUT } from '../assertions/undecided-advice.ts';
import { formatBreakdown, metricCell, metricColumnNames } from './format-breakdown.ts';
import { queueWait } from './format-run-report.ts';
import { buildRunReport, type RunReport } from './run-report.ts';
import { testName } from './test-labels.ts';

/** Cells listed in the HTML page; past this the page says how many more the JSONL export has. */
const MAX_CELL_ROWS = 5000;

/** A self-contained HTML page: the columns with their intervals, the verdicts, then the cells. */
export function htmlReport(
  store: RunStore,
  run: RunRecord,
  write: (text: string) => void,
  built?: RunReport,
): void {
  const report = built ?? buildRunReport(store, run.id);
  write(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>plume run ${escapeHtml(run.id)}</title>\n`,
  );
  write(
    '<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.fail{background:#fde8e8}.error{background:#fff4d6}.undecided{background:#eef1f5}pre{white-space:pre-wrap;margin:0;max-width:60em}</style>\n',
  );
  write(`</head><body>\n<h1>plume run ${escapeHtml(run.id)}</h1>\n`);
  const { totals } = run;
  write(
    `<p>${escapeHtml(run.manifest.suiteFile)} · ${totals.cells}/${run.manifest.cellCount} cells · ${totals.passed} passed · ${totals.failed} failed · ${totals.errors} errors · ${totals.undecided} undecided · $${totals.costUsd.toFixed(4)}</p>\n`,
  );
  write(`<p>grader of model-graded checks: ${escapeHtml(report.grader.description)}</p>\n`);
  write(`<p class="pass-rate">pass rate ${escapeHtml(formatPassRate(passRateOf(totals)))}</p>\n`);
  if (totals.undecided > 0) writeUndecided(report, write);
  const queued = report.columns.some((column) => column.queueP50 !== undefined);
  write(
    `<table><tr><th>prompt</th><th>model</th><th>pass rate</th><th>95% interval</th><th>decided</th><th>tests</th><th>errors</th><th>undecided</th><th>cost</th><th>p50 latency</th>${queued ? '<th>queue p50 / p95</th>' : ''}</tr>\n`,
  );
  for (const column of report.columns) {
    const rate = column.passRate;
    const cells = [
      column.prompt,
      column.model,
      rate === undefined ? '–' : formatPercent(rate.estimate),
      rate === undefined ? '–' : `[${formatPercent(rate.lower)}, ${formatPercent(rate.upper)}]`,
      String(column.decided),
      String(column.tests),
      String(column.errors),
      String(column.undecided),
      `$${column.costUsd.toFixed(4)}`,
      column.latencyP50 === undefined ? '–' : `${Math.round(column.latencyP50)} ms`,
    ];
    if (queued) cells.push(queueWait(column));
    write(`<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>\n`);
  }
  write('</table>\n');
  if (report.metrics !== undefined) {
    const names = metricColumnNames(report.metrics);
    write(
      '<h2>Metrics</h2>\n<p>Mean over tests, 95% interval; a pass rate when every score is 0 or 1.</p>\n',
    );
    write(`<table><tr><th>metric</th>${names.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr>\n`);
    for (const metric of report.metrics) {
      const cells = [
        metric.metric,
        ...names.map((name) => metricCell(metric.columns.find((column) => column.column === name))),
      ];
      write(`<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>\n`);
    }
    write('</table>\n');
  }
  for (const breakdown of report.breakdowns ?? []) {
    // The text report's table and verdicts, as they read in the terminal.
    write(
      `<h2>By ${escapeHtml(breakdown.variable)}</h2>\n<pre>${escapeHtml(formatBreakdown(breakdown).join('\n'))}</pre>\n`,
    );
  }
  if (report.comparisons.length > 0) {
    write('<h2>Comparisons</h2><ul>\n');
    for (const comparison of report.comparisons) write(`<li>${escapeHtml(comparison.verdict)}</li>\n`);
    write('</ul>\n');
  }
  if (report.flaky.length > 0) {
    write(`<h2>Flaky tests (the verdict changed between repeats): ${report.flaky.length}</h2><ul>\n`);
    for (const test of report.flaky)
      write(`<li>${escapeHtml(`${testName(test.test, test.label)} in ${test.columns.join(', ')}`)}</li>\n`);
    write('</ul>\n');
  }
  writeCells(store, run, write);
  write('</body></html>\n');
}

// Said once: the undecided cells are out of the pass rate, and why they are undecided.
function writeUndecided(report: RunReport, write: (text: string) => void): void {
  write(
    `<h2>Undecided cells: ${report.run.totals.undecided}</h2>\n<p>${escapeHtml(UNDECIDED_LEFT_OUT)}</p>\n<ul>\n`,
  );
  for (const check of report.undecidedChecks) {
    write(
      `<li>${escapeHtml(`${check.check} (${check.cells} cells): ${check.advice ?? check.reason}`)}</li>\n`,
    );
  }
  write('</ul>\n');
}

function writeCells(store: RunStore, run: RunRecord, write: (text: string) => void): void {
  write(
    '<h2>Cells</h2>\n<table><tr><th>prompt</th><th>model</th><th>test</th><th>repeat</th><th>verdict</th><th>output</th></tr>\n',
  );
  let count = 0;
  for (const cell of store.iterateCells(run.id)) {
    count += 1;
    if (count > MAX_CELL_ROWS) continue;
    const prompt = run.manifest.prompts[cell.promptIndex]?.label ?? '';
    const model = run.manifest.models[cell.modelIndex]?.label ?? '';
    const kind = cellVerdict(cell);
    const verdict =
      cell.error !== undefined ? `${cell.error.code}: ${cell.error.message}` : (cell.reason ?? '');
    const test = `${cell.testIndex + 1} (${cell.testId})`;
    const cells = [prompt, model, test, String(cell.repeat + 1)].map(
      (text) => `<td>${escapeHtml(text)}</td>`,
    );
    write(
      `<tr class="${kind}">${cells.join('')}<td>${escapeHtml(verdict)}</td><td><pre>${escapeHtml(cell.output ?? '')}</pre></td></tr>\n`,
    );
  }
  write('</table>\n');
  if (count > MAX_CELL_ROWS) {
    write(
      `<p>${count - MAX_CELL_ROWS} more cells: see <code>plume runs export ${escapeHtml(run.id)}</code></p>\n`,
    );
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
