import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { type CountBounds, checkCount, parseCountBounds } from '../count-bounds.ts';

/** The output's length in tokens of the model's tokenizer is within bounds. Value: a count, or { min, max }. */
export const tokenCount: CellHandler<CountBounds> = {
  kind: 'cell',
  parse: parseCountBounds,
  check: (bounds: CountBounds, context: AssertionContext) =>
    checkCount(bounds, context.tokenCount(context.output), 'tokens'),
};
