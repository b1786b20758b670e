import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseThreshold } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, undecided, verdict } from '../assertion-handler.ts';

const MAX_USD = z.number().nonnegative();

/** The call cost at most `threshold` US dollars. */
export const cost: CellHandler<number> = {
  kind: 'cell',
  parse: (assertion: Assertion) => parseThreshold(assertion, MAX_USD, 'a maximum in US dollars'),
  check(maxUsd: number, context: AssertionContext) {
    const usd = context.costUsd;
    if (usd === undefined) return undecided('the cost of this answer is unknown (no price for the model)');
    const pass = usd <= maxUsd;
    return verdict(pass, `Cost $${usd.toPrecision(3)} ${pass ? '≤' : '>'} $${maxUsd}`);
  },
};
