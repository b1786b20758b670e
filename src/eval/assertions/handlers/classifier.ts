import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionOutcome, CellHandler } from '../assertion-handler.ts';
import { undecided } from '../assertion-handler.ts';
import { NO_CLASSIFIER } from '../undecided-advice.ts';

/**
 * promptfoo's `classifier` runs a HuggingFace text-classification model; plume has no classifier
 * provider (and reaches no hosted one), so the check is read, and left undecided with advice.
 */
export const classifier: CellHandler<undefined> = {
  kind: 'cell',
  parse: (_assertion: Assertion) => undefined,
  check: (): AssertionOutcome => undecided(NO_CLASSIFIER),
};
