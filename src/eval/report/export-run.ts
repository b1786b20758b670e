import { type CellRecord, cellVerdict, type RunRecord } from '../../spec/run.ts';
import type { RunStore } from '../../store/run-store.ts';
import { PlumeError } from '../../util/errors.ts';
import { formatRunReport } from './format-run-report.ts';
import { htmlReport } from './html-report.ts';
import { buildRunReport } from './run-report.ts';

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

/** The format a file name asks for by its extension. */
export function formatOfFile(file: string): ExportFormat {
  const extension = Object.keys(EXTENSIONS).find((ending) => file.toLowerCase().endsWith(ending));
  if (extension === undefined) {
    throw new PlumeError({
      code: 'USAGE',
      message: `cannot tell the report format of ${file}`,
      hint: `end the file name with ${Object.keys(EXTENSIONS).join(', ')}`,
    });
  }
  return EXTENSIONS[extension]!;
}

type Writer = (text: string) => void;

/** Write a run in a format, reading its cells from the store one at a time. */
export function exportRun(store: RunStore, runId: string, format: ExportFormat, write: Writer): void {
  const run = store.getRun(runId);
  EXPORTERS[format](store, run, write);
}

const EXPORTERS: Record<ExportFormat, (store: RunStore, run: RunRecord, write: Writer) => void> = {
  jsonl(store, run, write) {
    for (const cell of store.iterateCells(run.id)) write(`${JSON.stringify(labelled(run, cell))}\n`);
  },
  csv(store, run, write) {
    const header = ['prompt', 'model', 'test_id', 'repeat', 'pass', 'score', 'reason', 'output', 'error'];
    header.push('input_tokens', 'output_tokens', 'cost_usd', 'latency_ms', 'cached', 'verdict');
    write(`${header.join(',')}\n`);
    for (const cell of store.iterateCells(run.id)) {
      const { prompt, model } = labelled(run, cell);
      const values = [
        prompt,
        model,
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
      write(`    <testcase classname="${xml(name)}" name="${xml(`${cell.testId} #${cell.repeat}`)}"`);
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
  markdown(store, run, write) {
    const text = formatRunReport(buildRunReport(store, run.id));
    write(`# plume run ${run.id}\n\n\`\`\`\n${text}\n\`\`\`\n`);
  },
  html(store, run, write) {
    htmlReport(store, run, write);
  },
};

function labelled(run: RunRecord, cell: CellRecord) {
  const prompt = run.manifest.prompts[cell.promptIndex]?.label ?? String(cell.promptIndex);
  const model = run.manifest.models[cell.modelIndex]?.label ?? String(cell.modelIndex);
  return { prompt, model, ...cell, verdict: cellVerdict(cell) };
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
