import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, verdict } from '../assertion-handler.ts';
import { looksLikeRefusal } from '../text/looks-like-refusal.ts';

/** The output declines to answer (or is empty); use `not-is-refusal` to require an answer. */
export const isRefusal: CellHandler<undefined> = {
  kind: 'cell',
  parse: () => undefined,
  check(_: undefined, context: AssertionContext) {
    const refused = looksLikeRefusal(context.output);
    return verdict(refused, refused ? 'Output is a refusal' : 'Output is not a refusal');
  },
};
