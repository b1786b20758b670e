import { Option } from 'commander';
import { compareRunsNamed, type RunComparison } from '../../eval/report/compare-runs.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportRun,
  formatOfFile,
  holdsReport,
} from '../../eval/report/export-run.ts';
import { formatRunReport } from '../../eval/report/format-run-report.ts';
import { buildNamedRunReport } from '../../eval/report/named-run-report.ts';
import type { RunReport } from '../../eval/report/run-report.ts';
import { testName } from '../../eval/report/test-labels.ts';
import { projectReadScope } from '../../library/project.ts';
import { formatPercent } from '../../spec/pass-rate.ts';
import { openDatabase, type SqliteDatabase } from '../../store/database.ts';
import { RunStore } from '../../store/run-store.ts';
import { ScanStore } from '../../store/scan-store.ts';
import { formatTable } from '../../util/format-table.ts';
import { SecretStream } from '../../util/secret-stream.ts';
import type { CliContext, RegisterCommand } from '../context.ts';
import { contextProject, emit, note } from '../context.ts';
import { collectValues, parsePositiveInteger } from '../options.ts';
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
    .option(
      '--by <variable>',
      'break the pass rates down by this test variable, with a test across its values (repeatable)',
      collectValues,
    )
    .action((id: string, options: { by?: string[] }) =>
      withStoreAsync(context, async (store, db) => {
        const report = await namedReport(context, store, db, id, options.by);
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
    .description("write a run's cells as JSONL, CSV or JUnit XML, or its report as Markdown or HTML")
    .argument('<run>', 'the run id')
    .addOption(
      new Option('-f, --format <format>', 'the format (default: from the file name, else jsonl)').choices(
        EXPORT_FORMATS,
      ),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option(
      '--by <variable>',
      'Markdown and HTML: add the breakdown by this test variable (repeatable)',
      collectValues,
    )
    .action((id: string, options: { format?: ExportFormat; output?: string; by?: string[] }) =>
      withStoreAsync(context, async (store, db) => {
        const format = options.format ?? (options.output === undefined ? 'jsonl' : undefined);
        const file = options.output === undefined ? undefined : reportFile(context, options.output, format);
        const chosen = file?.format ?? format ?? 'jsonl';
        // A report's tests are named by their labels, which come from the suite.
        const report = holdsReport(chosen)
          ? await namedReport(context, store, db, id, options.by)
          : undefined;
        if (file === undefined) {
          const redacted = new SecretStream(context.secrets);
          exportRun(store, id, chosen, (text) => context.stdout.write(redacted.push(text)), report);
          context.stdout.write(redacted.end());
        } else file.write(store, id, report);
      }),
    );
};

function compare(context: CliContext, before: string, after: string): Promise<void> {
  return withStoreAsync(context, async (store, db) => {
    const comparison = await compareRunsNamed(store, before, after, (suiteFile) => ({
      suiteFile,
      scope: projectReadScope(contextProject(context)),
      scans: new ScanStore(db),
    }));
    const { before: first, after: second, ...rest } = comparison;
    emit(context, { before: first.id, after: second.id, ...rest }, () => formatComparison(comparison));
  });
}

/** A file to write a run to, in the format `format` or its extension names. */
export interface ReportFile {
  /** The format it is written in. */
  format: ExportFormat;
  /** Write the run, streamed from the store (with its report, when given); the file appears only once complete. */
  write(store: RunStore, runId: string, report?: RunReport): void;
}

/**
 * A report file, checked now (its folder exists and is writable, its format is known) so that a
 * run is refused before it starts rather than after it is paid for.
 */
export function reportFile(context: CliContext, file: string, format?: ExportFormat): ReportFile {
  const output = outputFile(context.cwd, file);
  const chosen = format ?? formatOfFile(output.path, file);
  return {
    format: chosen,
    write(store, runId, report) {
      // Cleared of the project's credentials: a run stored before a key was known may still hold it.
      const redacted = new SecretStream(context.secrets);
      output.write((write) => {
        exportRun(store, runId, chosen, (text) => write(redacted.push(text)), report);
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

/** withStore for an action that reads files too (the suite, for its tests' labels). */
async function withStoreAsync(
  context: CliContext,
  action: (store: RunStore, db: SqliteDatabase) => Promise<void>,
): Promise<void> {
  const db = openDatabase(contextProject(context).storePath);
  try {
    await action(new RunStore(db), db);
  } finally {
    db.close();
  }
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
          `    ${testName(change.test, change.label)}  ${excerpt(change.beforeOutput)}  →  ${excerpt(change.afterOutput)}`,
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

/** A run's report with its tests named by their labels, read from the run's suite inside the project. */
function namedReport(
  context: CliContext,
  store: RunStore,
  db: SqliteDatabase,
  id: string,
  by: string[] | undefined,
): Promise<RunReport> {
  const source = (suiteFile: string) => ({
    suiteFile,
    scope: projectReadScope(contextProject(context)),
    scans: new ScanStore(db),
  });
  return buildNamedRunReport(store, id, source, by === undefined ? {} : { by });
}
