import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../ui/src/word-diff.ts';

describe('wordDiff', () => {
  it('marks the words one side dropped and the other added, keeping the rest', () => {
    const { left, right } = wordDiff('Label: {{input}}\n', 'You are an expert.\n\nLabel: {{input}} now\n');
    expect(left).toEqual([{ text: 'Label: {{input}}\n', changed: false }]);
    expect(right).toEqual([
      { text: 'You are an expert.\n\n', changed: true },
      { text: 'Label: {{input}}', changed: false },
      { text: ' now', changed: true },
      { text: '\n', changed: false },
    ]);
  });

  it('joins neighbouring changed words through the spaces between them', () => {
    const { left, right } = wordDiff('say a b c', 'say x y c');
    expect(left.filter((segment) => segment.changed).map((segment) => segment.text)).toEqual(['a b']);
    expect(right.filter((segment) => segment.changed).map((segment) => segment.text)).toEqual(['x y']);
    expect(right.map((segment) => segment.text).join('')).toBe('say x y c');
  });

  it('shows identical texts unchanged', () => {
    expect(wordDiff('same words', 'same words')).toEqual({
      left: [{ text: 'same words', changed: false }],
      right: [{ text: 'same words', changed: false }],
    });
  });
});
