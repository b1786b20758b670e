import type { Library } from '../library/library.ts';
import type { OptimizationStore } from '../store/optimization-store.ts';
import type { OptimizationReport } from './optimize-prompt.ts';

/**
 * Record the optimization's outcome, and the winner as a new version of the prompt whose parent
 * is the starting version, with the report attached (no version when the start stayed best, or
 * when `save` is false). Returns `name@hash` of the saved version.
 */
export async function saveWinner(options: {
  library: Library;
  store: OptimizationStore;
  report: OptimizationReport;
  save: boolean;
  writeFile: boolean;
}): Promise<string | undefined> {
  const { library, store, report } = options;
  const record = store.get(report.id);
  let saved: string | undefined;
  if (options.save && report.winner.body !== report.start.body) {
    const start = library.lookup(`${report.prompt}@${report.startHash}`);
    const content =
      start.version.content.slice(0, start.version.content.length - report.start.body.length) +
      report.winner.body;
    const verdict = report.heldOut?.verdict ?? 'held-out test not run';
    const result = await library.save({
      name: report.prompt,
      content,
      parent: report.startHash,
      writeFile: options.writeFile,
      message: `optimized (${report.strategies.map((strategy) => strategy.name).join(', ')}, ${report.id}): ${verdict}`,
      metadata: { optimization: { ...report, settings: record.settings } },
    });
    saved = `${report.prompt}@${result.version.hash.slice(0, 12)}`;
    store.finish(report.id, { ...report }, result.version.hash);
  } else store.finish(report.id, { ...report }, undefined);
  return saved;
}
