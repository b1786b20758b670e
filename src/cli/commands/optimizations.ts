import { formatSpending } from '../../optimize/format-optimization.ts';
import type { FinishedReport } from '../../optimize/save-winner.ts';
import { openDatabase } from '../../store/database.ts';
import { OptimizationStore } from '../../store/optimization-store.ts';
import { type CliContext, contextProject, emit } from '../context.ts';

/** `plume optimizations [id]`: every optimization, or one with its trajectory and verdict. */
export function listOrShowOptimizations(context: CliContext, id: string | undefined): void {
  const project = contextProject(context);
  const db = openDatabase(project.storePath);
  try {
    const store = new OptimizationStore(db);
    if (id === undefined) {
      const records = store.list();
      emit(context, records, () =>
        records.length === 0
          ? 'no optimizations yet: plume optimize <prompt>'
          : records
              .map(
                (record) =>
                  `${record.id}  ${record.status.padEnd(11)}  ${record.promptName}@${record.startHash.slice(0, 8)}  ${record.model}  ${record.createdAt}`,
              )
              .join('\n'),
      );
      return;
    }
    const record = store.get(id);
    const trajectory = store.trajectory(id);
    // Reports stored before spending rows and outcomes were recorded lack them.
    const report = record.report as Partial<FinishedReport> | undefined;
    emit(context, { ...record, trajectory }, () =>
      [
        `${record.id}  ${record.status}  ${record.promptName}@${record.startHash.slice(0, 8)}  ${record.model}`,
        'best so far (validation pass rate, every point on the same tests):',
        ...trajectory.map(
          (point) =>
            `  ${String(point.seq).padStart(3)}  ${point.strategy.padEnd(9)}  ${(point.score * 100).toFixed(1).padStart(5)}% on ${point.tests} tests  after ${point.callsSpent} calls`,
        ),
        ...(record.status === 'interrupted'
          ? [
              `interrupted: its process is gone; continue it with plume optimize --resume ${record.id} (nothing scored is paid for twice)`,
            ]
          : []),
        ...(report?.spending === undefined ? [] : ['', ...formatSpending(report.spending), '']),
        record.report === undefined
          ? ''
          : `held-out: ${String((record.report.heldOut as { verdict?: string } | undefined)?.verdict ?? 'not run')}`,
        ...(report?.outcome === undefined ? [] : [report.outcome.reason]),
      ].join('\n'),
    );
  } finally {
    db.close();
  }
}
