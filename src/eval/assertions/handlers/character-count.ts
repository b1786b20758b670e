import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { type CountBounds, checkCount, parseCountBounds } from '../count-bounds.ts';

/** The output's length in characters (code points) is within bounds. Value: a count, or { min, max }. */
export const characterCount: CellHandler<CountBounds> = {
  kind: 'cell',
  parse: parseCountBounds,
  check: (bounds: CountBounds, context: AssertionContext) =>
    checkCount(bounds, Array.from(context.output).length, 'characters'),
};
