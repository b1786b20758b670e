import type { RunStore } from '../../store/run-store.ts';
import {
  buildRunReport,
  labelReport,
  type RunReport,
  type RunReportOptions,
  reportTestIds,
} from './run-report.ts';
import { type LabelSource, readTestLabels } from './test-labels.ts';

/**
 * A run's report with the tests it names (flaky, failed) labelled by their description or first
 * variables, read from the suite (see readTestLabels). What a person reads: the CLI's report and
 * the web app's.
 */
export async function buildNamedRunReport(
  store: RunStore,
  runId: string,
  source: LabelSource | ((suiteFile: string) => LabelSource),
  options: RunReportOptions = {},
): Promise<RunReport> {
  const report = buildRunReport(store, runId, options);
  const ids = reportTestIds(report);
  if (ids.length === 0) return report;
  const from = typeof source === 'function' ? source(report.run.manifest.suiteFile) : source;
  return labelReport(report, await readTestLabels(from, ids));
}
