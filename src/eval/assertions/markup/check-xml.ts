import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseValue, stringListSchema } from '../assertion-config.ts';
import { type AssertionOutcome, verdict } from '../assertion-handler.ts';

/** Dotted paths of elements an XML document must have (`analysis.summary`); empty: none. */
export type RequiredElements = readonly string[];

const valueSchema = z
  .union([
    stringListSchema,
    z.object({ requiredElements: stringListSchema }).transform((v) => v.requiredElements),
  ])
  .optional();

/** Read is-xml's and contains-xml's value: paths as a list, a comma-separated string or `{ requiredElements }`. */
export function parseRequiredElements(assertion: Assertion): RequiredElements {
  return (
    parseValue(
      assertion,
      valueSchema,
      'element paths (a list, a comma-separated string or { requiredElements })',
    ) ?? []
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  allowBooleanAttributes: true,
  parseAttributeValue: true,
  parseTagValue: true,
  // Entities are left as written: a document cannot make the parser expand them.
  processEntities: false,
});

/** Whether a text is one well-formed XML document holding every required element path. */
export function checkXml(text: string, required: RequiredElements): AssertionOutcome {
  const wellFormed = XMLValidator.validate(text.trim());
  if (wellFormed !== true) {
    const { msg, line } = wellFormed.err;
    return verdict(false, `XML parsing failed: ${msg} (line ${line})`);
  }
  if (required.length === 0) return verdict(true, 'XML is valid');
  const parsed: unknown = parser.parse(text);
  const missing = required.filter((path) => !hasPath(parsed, path.split('.')));
  return missing.length === 0
    ? verdict(true, 'XML is valid and contains all required elements')
    : verdict(false, `XML is missing required elements: ${missing.join(', ')}`);
}

function hasPath(value: unknown, path: readonly string[]): boolean {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
    if (current === undefined) return false;
  }
  return true;
}

// Bounds the work on an output full of tags.
const MAX_TAGS = 10_000;
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^<>]*?)?(\/?)>/g;

/**
 * Balanced elements embedded in a text, outermost first, in order: each runs from an opening tag
 * to its closing tag (or is a self-closing tag standing alone), with what is between them.
 */
export function xmlCandidates(text: string): string[] {
  const found: { start: number; end: number }[] = [];
  const open: { name: string; start: number }[] = [];
  let tags = 0;
  for (const match of text.matchAll(TAG)) {
    if (++tags > MAX_TAGS) break;
    const [whole, closing, name, selfClosing] = match;
    const start = match.index;
    const end = start + whole.length;
    if (selfClosing) {
      if (open.length === 0) found.push({ start, end });
    } else if (!closing) {
      open.push({ name: name!, start });
    } else {
      const at = open.findLastIndex((tag) => tag.name === name);
      if (at === -1) continue;
      const opening = open[at]!;
      open.length = at;
      if (at === 0) found.push({ start: opening.start, end });
    }
  }
  return found.map(({ start, end }) => text.slice(start, end));
}
