import { sequenceDiff } from './sequence-diff.ts';

/** One row of a side-by-side diff: a line on the left, the right, or both. */
export interface DiffRow {
  left: string | undefined;
  right: string | undefined;
  kind: 'same' | 'removed' | 'added' | 'changed';
}

/** Side-by-side rows of two texts, by longest common subsequence of their lines (prompts are short). */
export function lineDiff(before: string, after: string): DiffRow[] {
  const rows = sequenceDiff(before.split('\n'), after.split('\n')).map(
    ({ kind, value }): DiffRow => ({
      left: kind === 'added' ? undefined : value,
      right: kind === 'removed' ? undefined : value,
      kind,
    }),
  );
  return pairChanges(rows);
}

/** A removed line followed by an added one is shown as one changed row. */
function pairChanges(rows: DiffRow[]): DiffRow[] {
  const paired: DiffRow[] = [];
  for (const row of rows) {
    const last = paired.at(-1);
    if (row.kind === 'added' && last?.kind === 'removed') {
      paired[paired.length - 1] = { left: last.left, right: row.right, kind: 'changed' };
    } else paired.push(row);
  }
  return paired;
}
