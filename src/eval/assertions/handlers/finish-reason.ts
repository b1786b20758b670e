import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided, verdict } from '../assertion-handler.ts';

/**
 * The model stopped for the reason given (`stop`, `length`, `content_filter`, `tool_calls`),
 * case-insensitive, `-` and `_` alike (the AI SDK says `tool-calls`, OpenAI `tool_calls`).
 */
export const finishReason: CellHandler<string> = {
  kind: 'cell',
  parse: (assertion: Assertion) =>
    parseValue(assertion, nonEmptyStringSchema, 'a finish reason (stop, length...)'),
  check(expected: string, context: AssertionContext): AssertionOutcome {
    const actual = context.finishReason;
    if (actual === undefined) return undecided('the provider did not say why the answer ended');
    const pass = normalize(actual) === normalize(expected);
    return verdict(
      pass,
      pass ? `The finish reason is "${actual}"` : `Expected finish reason "${expected}" but got "${actual}"`,
    );
  },
};

function normalize(reason: string): string {
  return reason.trim().toLowerCase().replace(/-/g, '_');
}
