import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, verdict } from '../assertion-handler.ts';
import { quote } from '../text/quote.ts';

/** The output begins with the value (case-sensitive, no trimming). */
export const startsWith: CellHandler<string> = {
  kind: 'cell',
  parse: (assertion: Assertion) => parseValue(assertion, nonEmptyStringSchema, 'a non-empty string'),
  check(prefix: string, context: AssertionContext) {
    const pass = context.output.startsWith(prefix);
    return verdict(
      pass,
      pass ? `Output starts with ${quote(prefix)}` : `Output does not start with ${quote(prefix)}`,
    );
  },
};
