import { type CellRecord, cellVerdict, type RunRecord } from '../../spec/run.ts';
import type { RunStore } from '../../store/run-store.ts';
import { PlumeError } from '../../util/errors.ts';
import { formatRunReport } from './format-run-report.ts';
import { htmlReport } from './html-report.ts';
import { buildRunReport, type RunReport } from './run-report.ts';

/** The formats a run can be written in. */
export const EXPORT_FORMATS = ['jsonl', 'csv', 'junit', 'markdown', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSIONS: Record<string, ExportFormat> = {
  '.jsonl': 'jsonl',
  '.csv': 'csv',
  '.xml': 'junit',
  '.md': 'markdown',
  '.html': 'html',
};

/** What each extension writes, as help and errors list them. */
const EXTENSION_MEANINGS: Record<ExportFormat, string> = {
  jsonl: 'the cells as JSON lines',
  csv: 'the cells as CSV',
  junit: 'JUnit XML',
  markdown: 'the report in Markdown',
  html: 'the report as a web page',
};

/** The extensions `-o` understands and what each writes: `.jsonl (the cells as JSON lines), …`. */
export function describeExtensions(): string {
  return Object.entries(EXTENSIONS)
    .map(([extension, format]) => `${extension} (${EXTENSION_MEANINGS[format]})`)
    .join(', ');
}

/** The format a file name asks for by its extension; `given` is the file as the user named it. */
export function formatOfFile(file: string, given = file): ExportFormat {
  const extension = Object.keys(EXTENSIONS).find((ending) => file.toLowerCase().endsWith(ending));
  if (extension === undefined) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--output ${given}: cannot tell the report format of ${file} from its name`,
      hint: `end the file name with one of ${describeExtensions()}`,
    });
  }
  return EXTENSIONS[extension]!;
}

type Writer = (text: string) => void;

/**
 * Write a run in a format, reading its cells from the store one at a time. Every format numbers
 * a test from 1 (`test`), as the reports do, beside its id. The Markdown and HTML formats hold
 * the run's report: `report`, when given (built with its tests' labels), else built here.
 */
export function exportRun(
  store: RunStore,
  runId: string,
  format: ExportFormat,
  write: Writer,
  report?: RunReport,
): void {
  const run = store.getRun(runId);
  EXPORTERS[format](store, run, write, report);
}

/** Whether a format holds the run's report, whose tests are then best labelled first (see exportRun). */
export function holdsReport(format: ExportFormat): boolean {
  return format === 'markdown' || format === 'html';
}

const EXPORTERS: Record<
  ExportFormat,
  (store: RunStore, run: RunRecord, write: Writer, report?: RunReport) => void
> = {
  jsonl(store, run, write) {
    for (const cell of store.iterateCells(run.id)) write(`${JSON.stringify(labelled(run, cell))}\n`);
  },
  csv(store, run, write) {
    const header = [
      'prompt',
      'model',
      'test',
      'test_id',
      'repeat',
      'pass',
      'score',
      'reason',
      'output',
      'error',
    ];
    header.push('input_tokens', 'output_tokens', 'cost_usd', 'latency_ms', 'cached', 'queue_ms', 'verdict');
    write(`${header.join(',')}\n`);
    for (const cell of store.iterateCells(run.id)) {
      const { prompt, model } = labelled(run, cell);
      const values = [
        prompt,
        model,
        cell.testIndex + 1,
        cell.testId,
        cell.repeat,
        cell.pass,
        cell.score,
        cell.reason,
        cell.output,
      ];
      values.push(
        cell.error?.code,
        cell.inputTokens,
        cell.outputTokens,
        cell.costUsd,
        cell.latencyMs,
        cell.cached,
        cell.queueMs,
        cellVerdict(cell),
      );
      write(`${values.map(csvValue).join(',')}\n`);
    }
  },
  junit(store, run, write) {
    const { totals } = run;
    write('<?xml version="1.0" encoding="UTF-8"?>\n');
    write(
      `<testsuites name="plume run ${xml(run.id)}" tests="${totals.cells}" failures="${totals.failed}" errors="${totals.errors}" skipped="${totals.undecided}">\n`,
    );
    let suite: string | undefined;
    for (const cell of store.iterateCells(run.id)) {
      const { prompt, model } = labelled(run, cell);
      const name = `${prompt} × ${model}`;
      if (name !== suite) {
        if (suite !== undefined) write('  </testsuite>\n');
        write(`  <testsuite name="${xml(name)}">\n`);
        suite = name;
      }
      const repeat = run.manifest.repeats > 1 ? ` (repeat ${cell.repeat + 1})` : '';
      const test = `test ${cell.testIndex + 1} ${cell.testId}${repeat}`;
      write(`    <testcase classname="${xml(name)}" name="${xml(test)}"`);
      write(cell.latencyMs === undefined ? '' : ` time="${(cell.latencyMs / 1000).toFixed(3)}"`);
      if (cell.error !== undefined) {
        write(
          `>\n      <error type="${xml(cell.error.code)}" message="${xml(cell.error.message)}"/>\n    </testcase>\n`,
        );
      } else if (cell.pass === false) {
        write(`>\n      <failure message="${xml(cell.reason ?? '')}"/>\n    </testcase>\n`);
      } else if (cell.pass === undefined) {
        // Undecided: neither a pass nor a failure, as a CI reads a skipped test.
        write(`>\n      <skipped message="${xml(`undecided: ${cell.reason ?? ''}`)}"/>\n    </testcase>\n`);
      } else write('/>\n');
    }
    if (suite !== undefined) write('  </testsuite>\n');
    write('</testsuites>\n');
  },
  markdown(store, run, write, report) {
    const text = formatRunReport(report ?? buildRunReport(store, run.id));
    write(`# plume run ${run.id}\n\n\`\`\`\n${text}\n\`\`\`\n`);
  },
  html(store, run, write, report) {
    htmlReport(store, run, write, report);
  },
};

function labelled(run: RunRecord, cell: CellRecord) {
  const prompt = run.manifest.prompts[cell.promptIndex]?.label ?? String(cell.promptIndex);
  const model = run.manifest.models[cell.modelIndex]?.label ?? String(cell.modelIndex);
  // `test` numbers from 1 as every report does; `testIndex` (from 0) stays for existing readers.
  return { prompt, model, test: cell.testIndex + 1, ...cell, verdict: cellVerdict(cell) };
}

function csvValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 cannot hold.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}
