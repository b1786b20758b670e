import { Option } from 'commander';
import { compareRuns, type RunComparison } from '../../eval/report/compare-runs.ts';
import { EXPORT_FORMATS, type ExportFormat, exportRun, formatOfFile } from '../../eval/report/export-run.ts';
import { formatRunReport } from '../../eval/report/format-run-report.ts';
import { buildRunReport } from '../../eval/report/run-report.ts';
import { formatPercent } from '../../spec/pass-rate.ts';
import { openDatabase } from '../../store/database.ts';
import { RunStore } from '../../store/run-store.ts';
import { formatTable } from '../../util/format-table.ts';
import { SecretStream } from '../../util/secret-stream.ts';
import type { CliContext, RegisterCommand } from '../context.ts';
import { contextProject, emit, note } from '../context.ts';
import { parsePositiveInteger } from '../options.ts';
import { outputFile } from '../output-file.ts';

/** `plume runs list|show`: the evaluation runs stored in the project. */
export const registerRuns: RegisterCommand = (program, context) => {
  const runs = program.command('runs').description('list and show evaluation runs');
  runs
    .command('list')
    .description('the runs, newest first')
    .option('-n, --limit <number>', 'most runs to list', parsePositiveInteger, 20)
    .action((options: { limit: number }) =>
      withStore(context, (store) => listRuns(context, store, options.limit)),
    );
  runs
    .command('show')
    .description("a run's table, verdicts and flaky tests")
    .argument('<run>', 'the run id')
    .action((id: string) =>
      withStore(context, (store) => {
        const report = buildRunReport(store, id);
        const { run, ...rest } = report;
        emit(context, { ...run, ...rest }, () => formatRunReport(report));
      }),
    );
  // `plume compare A B` is the same command as `plume runs compare A B`.
  for (const parent of [runs, program]) {
    parent
      .command('compare')
      .description('compare two runs column by column, paired on their shared tests (a regression report)')
      .argument('<before>', 'the earlier run')
      .argument('<after>', 'the later run')
      .action((before: string, after: string) => compare(context, before, after));
  }
  runs
    .command('export')
    .description("write a run's cells as JSONL, CSV or JUnit XML, or its report as Markdown")
    .argument('<run>', 'the run id')
    .addOption(
      new Option('-f, --format <format>', 'the format (default: from the file name, else jsonl)').choices(
        EXPORT_FORMATS,
      ),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((id: string, options: { format?: ExportFormat; output?: string }) =>
      withStore(context, (store) => {
        if (options.output === undefined) {
          const redacted = new SecretStream(context.secrets);
          exportRun(store, id, options.format ?? 'jsonl', (text) =>
            context.stdout.write(redacted.push(text)),
          );
          context.stdout.write(redacted.end());
        } else reportFile(context, options.output, options.format).write(store, id);
      }),
    );
};

function compare(context: CliContext, before: string, after: string): void {
  withStore(context, (store) => {
    const comparison = compareRuns(store, before, after);
    const { before: first, after: second, ...rest } = comparison;
    emit(context, { before: first.id, after: second.id, ...rest }, () => formatComparison(comparison));
  });
}

/** A file to write a run to, in the format `format` or its extension names. */
export interface ReportFile {
  /** Write the run, streamed from the store; the file appears only once complete. */
  write(store: RunStore, runId: string): void;
}

/**
 * A report file, checked now (its folder exists and is writable, its format is known) so that a
 * run is refused before it starts rather than after it is paid for.
 */
export function reportFile(context: CliContext, file: string, format?: ExportFormat): ReportFile {
  const output = outputFile(context.cwd, file);
  const chosen = format ?? formatOfFile(output.path);
  return {
    write(store, runId) {
      // Cleared of the project's credentials: a run stored before a key was known may still hold it.
      const redacted = new SecretStream(context.secrets);
      output.write((write) => {
        exportRun(store, runId, chosen, (text) => write(redacted.push(text)));
        write(redacted.end());
      });
      note(context, `wrote ${chosen} report to ${output.path}`);
    },
  };
}

function listRuns(context: CliContext, store: RunStore, limit: number): void {
  const runs = store.listRuns(limit);
  emit(context, runs, () => {
    if (runs.length === 0) return 'no runs yet: start one with `plume eval`';
    const rows = runs.map((run) => [
      run.id,
      run.status,
      `${run.totals.cells}/${run.manifest.cellCount}`,
      // The one pass rate (passRateOf): over the decided cells, errors and undecided beside it.
      formatPercent(run.totals.passRate),
      String(run.totals.passed + run.totals.failed),
      String(run.totals.errors),
      String(run.totals.undecided),
      `$${run.totals.costUsd.toFixed(4)}`,
      run.manifest.suiteFile,
    ]);
    const header = ['run', 'status', 'cells', 'pass rate', 'decided', 'errors', 'undecided', 'cost', 'suite'];
    return formatTable([header, ...rows]);
  });
}

function withStore(context: CliContext, action: (store: RunStore) => void): void {
  const db = openDatabase(contextProject(context).storePath);
  try {
    action(new RunStore(db));
  } finally {
    db.close();
  }
}

function formatComparison(comparison: RunComparison): string {
  const rate = (interval: { estimate: number; lower: number; upper: number } | undefined) =>
    interval === undefined
      ? '–'
      : `${percent(interval.estimate)} [${percent(interval.lower)}, ${percent(interval.upper)}]`;
  const header = [
    'column',
    `before (${comparison.before.id})`,
    `after (${comparison.after.id})`,
    'tests',
    'outputs changed',
  ];
  const rows = comparison.columns.map((column) => [
    columnName(column),
    rate(column.before),
    rate(column.after),
    String(column.tests),
    `${column.drift.changedOutputs}/${column.drift.sharedTests}` +
      (column.drift.meanSimilarity === undefined
        ? ''
        : ` (similarity ${column.drift.meanSimilarity.toFixed(2)})`),
  ]);
  const lines = [formatTable([header, ...rows]), ''];
  for (const column of comparison.columns) {
    lines.push(`${columnName(column)}: ${column.verdict}`);
    for (const [label, changes] of [
      ['regressed', column.drift.regressed],
      ['improved', column.drift.improved],
    ] as const) {
      if (changes.length === 0) continue;
      lines.push(`  ${label} on ${changes.length} test${changes.length === 1 ? '' : 's'}:`);
      for (const change of changes.slice(0, SHOWN_CHANGES)) {
        lines.push(
          `    ${change.testId}  ${excerpt(change.beforeOutput)}  →  ${excerpt(change.afterOutput)}`,
        );
      }
      if (changes.length > SHOWN_CHANGES)
        lines.push(`    … and ${changes.length - SHOWN_CHANGES} more (--json lists all)`);
    }
  }
  if (comparison.onlyBefore.length > 0)
    lines.push(`only in ${comparison.before.id}: ${comparison.onlyBefore.join(', ')}`);
  if (comparison.onlyAfter.length > 0)
    lines.push(`only in ${comparison.after.id}: ${comparison.onlyAfter.join(', ')}`);
  return lines.join('\n');
}

const SHOWN_CHANGES = 10;

/** `prompt × model`, or `prompt × model → prompt' × model'` when the later run's column differs. */
function columnName(column: RunComparison['columns'][number]): string {
  const before = `${column.prompt} × ${column.model}`;
  const after = `${column.afterPrompt} × ${column.afterModel}`;
  return before === after ? before : `${before} → ${after}`;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 40 ? `${line.slice(0, 39)}…` : line);
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
