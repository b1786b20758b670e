import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { type CountBounds, checkCount, parseCountBounds } from '../count-bounds.ts';

/** The output's number of whitespace-separated words is within bounds. Value: a count, or { min, max }. */
export const wordCount: CellHandler<CountBounds> = {
  kind: 'cell',
  parse: parseCountBounds,
  check: (bounds: CountBounds, context: AssertionContext) =>
    checkCount(bounds, countWords(context.output), 'words'),
};

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}
