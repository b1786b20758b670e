/** One row of a side-by-side diff: a line on the left, the right, or both. */
export interface DiffRow {
  left: string | undefined;
  right: string | undefined;
  kind: 'same' | 'removed' | 'added' | 'changed';
}

/** Side-by-side rows of two texts, by longest common subsequence of their lines (prompts are short). */
export function lineDiff(before: string, after: string): DiffRow[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      rows.push({ left: a[i], right: b[j], kind: 'same' });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      rows.push({ left: a[i], right: undefined, kind: 'removed' });
      i++;
    } else {
      rows.push({ left: undefined, right: b[j], kind: 'added' });
      j++;
    }
  }
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
