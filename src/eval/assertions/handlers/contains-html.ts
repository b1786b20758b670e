import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, verdict } from '../assertion-handler.ts';
import { firstHtmlElement, parseHtmlFragment } from '../markup/html-elements.ts';

const MAX_CHARACTERS = 10 * 1024 * 1024;

/** Some element of HTML appears in the output (prose around it allowed); `a < b` and `<example>` do not count. */
export const containsHtml: CellHandler<undefined> = {
  kind: 'cell',
  parse: () => undefined,
  check(_config: undefined, context: AssertionContext): AssertionOutcome {
    if (context.output.length > MAX_CHARACTERS) return verdict(false, 'Output is larger than 10 MB');
    if (/<!doctype\s+html/i.test(context.output)) return verdict(true, 'Output contains an HTML document');
    const element = firstHtmlElement(parseHtmlFragment(context.output));
    return element === undefined
      ? verdict(false, 'Output contains no HTML element')
      : verdict(true, `Output contains HTML (<${element}>)`);
  },
};
