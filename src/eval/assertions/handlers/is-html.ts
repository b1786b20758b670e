import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, verdict } from '../assertion-handler.ts';
import { firstHtmlElement, parseHtmlFragment } from '../markup/html-elements.ts';

const MAX_CHARACTERS = 10 * 1024 * 1024;
const DOCUMENT = /^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;

/**
 * The whole output is HTML: a document (`<!DOCTYPE html>`, `<html>`), or elements of HTML with no
 * text outside them. XML (`<?xml`) and made-up tags alone are not HTML.
 */
export const isHtml: CellHandler<undefined> = {
  kind: 'cell',
  parse: () => undefined,
  check(_config: undefined, context: AssertionContext): AssertionOutcome {
    const text = context.output.trim();
    if (text === '') return verdict(false, 'Output is empty');
    if (text.length > MAX_CHARACTERS) return verdict(false, 'Output is larger than 10 MB');
    if (/^<\?xml/i.test(text)) return verdict(false, 'Output appears to be XML, not HTML');
    if (!text.startsWith('<') || !text.endsWith('>'))
      return verdict(false, 'Output must be wrapped in HTML tags');
    if (DOCUMENT.test(text)) return verdict(true, 'Output is an HTML document');
    const fragment = parseHtmlFragment(text);
    const loose = fragment.childNodes.some(
      (node) => node.nodeName === '#text' && 'value' in node && node.value.trim() !== '',
    );
    if (loose) return verdict(false, 'Output must be wrapped in HTML tags');
    const element = firstHtmlElement(fragment);
    return element === undefined
      ? verdict(false, 'Output does not contain recognized HTML elements')
      : verdict(true, `Output is HTML (<${element}>)`);
  },
};
