import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, verdict } from '../assertion-handler.ts';
import {
  checkXml,
  parseRequiredElements,
  type RequiredElements,
  xmlCandidates,
} from '../markup/check-xml.ts';

/** Some XML element embedded in the output is well-formed and has every element path of the value. */
export const containsXml: CellHandler<RequiredElements> = {
  kind: 'cell',
  parse: parseRequiredElements,
  check(required: RequiredElements, context: AssertionContext): AssertionOutcome {
    const candidates = xmlCandidates(context.output);
    if (candidates.length === 0) return verdict(false, 'No XML content found in the output');
    let first: AssertionOutcome | undefined;
    for (const candidate of candidates) {
      const outcome = checkXml(candidate, required);
      if (outcome.pass) return outcome;
      first ??= outcome;
    }
    return first!;
  },
};
