import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { type CountBounds, checkCount, parseCountBounds } from '../count-bounds.ts';

/** The output's length in characters (code points) is within bounds. Value: a count, or { min, max }. */
export const characterCount: CellHandler<CountBounds> = {
  kind: 'cell',
  parse: parseCountBounds,
  check: (bounds: CountBounds, context: AssertionContext) =>
    checkCount(bounds, codePoints(context.output), 'characters'),
};

/** How many code points `text` has, as `Array.from(text).length` counts them, without the array. */
export function codePoints(text: string): number {
  let count = text.length;
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        index++;
      }
    }
  }
  return count;
}
