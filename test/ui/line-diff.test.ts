import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../ui/src/line-diff.ts';

describe('lineDiff', () => {
  it('pairs a changed line and keeps equal lines side by side', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { left: 'a', right: 'a', kind: 'same' },
      { left: 'b', right: 'B', kind: 'changed' },
      { left: 'c', right: 'c', kind: 'same' },
    ]);
  });

  it('shows added and removed lines on one side only', () => {
    expect(lineDiff('a\nc', 'a\nb\nc').map((row) => row.kind)).toEqual(['same', 'added', 'same']);
    expect(lineDiff('a\nb\nc', 'a\nc')).toContainEqual({ left: 'b', right: undefined, kind: 'removed' });
  });
});
