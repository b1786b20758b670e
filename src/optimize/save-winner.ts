import type { Library } from '../library/library.ts';
import type { OptimizationStore } from '../store/optimization-store.ts';
import { isPlumeError } from '../util/errors.ts';
import { type OptimizationReport, optimizationTakenOver } from './optimize-prompt.ts';
import { decideSave } from './save-decision.ts';

/** What became of the winner: saved (as `savedAs`), written to the prompt's file, and why. */
export interface SaveOutcome {
  saved: boolean;
  savedAs: string | undefined;
  written: boolean;
  /** One sentence: why it was saved or kept out (see decideSave). */
  reason: string;
}

/** A finished optimization's report as stored: the report and what became of its winner. */
export type FinishedReport = OptimizationReport & { outcome: SaveOutcome };

/**
 * Record the optimization's outcome, and — when the winner beats the start on the held-out tests,
 * or `saveAnyway` — the winner as a new version of the prompt whose parent is the starting
 * version, with the report attached. With `writeFile`, the winner is also written over the
 * prompt's file, but only while that file still holds the starting version: an edit made since
 * is never overwritten.
 */
export async function saveWinner(options: {
  library: Library;
  store: OptimizationStore;
  report: OptimizationReport;
  save: boolean;
  saveAnyway: boolean;
  writeFile: boolean;
}): Promise<SaveOutcome> {
  const { library, store, report } = options;
  // The search's lease ended with it; a process that took the optimization over since owns its
  // outcome: neither a version nor a report of this one's is recorded then.
  const finish = (outcome: SaveOutcome, winnerHash: string | undefined): SaveOutcome => {
    if (!store.finish(report.id, { ...report, outcome }, winnerHash))
      throw optimizationTakenOver(store, report.id);
    return outcome;
  };
  if (!store.ownedHere(report.id)) throw optimizationTakenOver(store, report.id);
  const record = store.get(report.id);
  const decision = decideSave(
    { startBody: report.start.body, winnerBody: report.winner.body, heldOut: report.heldOut },
    { save: options.save, saveAnyway: options.saveAnyway },
  );
  if (!decision.save) {
    return finish({ saved: false, savedAs: undefined, written: false, reason: decision.reason }, undefined);
  }
  const start = library.lookup(`${report.prompt}@${report.startHash}`);
  const frontMatter = start.version.content.slice(0, start.version.content.length - report.start.body.length);
  const content = frontMatter + report.winner.body;
  const fileIsStart = options.writeFile && fileHoldsStart(library, report);
  const verdict = report.heldOut?.verdict ?? 'held-out test not run';
  const result = await library.save({
    name: report.prompt,
    content,
    parent: report.startHash,
    writeFile: fileIsStart,
    message: `optimized (${report.strategies.map((strategy) => strategy.name).join(', ')}, ${report.id}): ${verdict}`,
    metadata: { optimization: { ...report, settings: record.settings } },
  });
  const savedAs = `${report.prompt}@${result.version.hash.slice(0, 12)}`;
  const reason =
    options.writeFile && !fileIsStart
      ? `${decision.reason}; not written: the prompt's file no longer holds the starting version`
      : decision.reason;
  return finish({ saved: true, savedAs, written: fileIsStart, reason }, result.version.hash);
}

/** Whether the prompt's file (the one --write would replace) still holds the starting version. */
function fileHoldsStart(library: Library, report: OptimizationReport): boolean {
  try {
    const current = library.lookup(report.prompt);
    return current.filePath !== undefined && current.version.hash === report.startHash;
  } catch (error) {
    if (isPlumeError(error) && error.category === 'user') return false;
    throw error;
  }
}
