import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { checkXml, parseRequiredElements, type RequiredElements } from '../markup/check-xml.ts';

/** The whole output is well-formed XML with every element path of the value (`root.child`). */
export const isXml: CellHandler<RequiredElements> = {
  kind: 'cell',
  parse: parseRequiredElements,
  check: (required: RequiredElements, context: AssertionContext) => checkXml(context.output, required),
};
