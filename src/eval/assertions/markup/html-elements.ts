import { type DefaultTreeAdapterTypes, html, parseFragment } from 'parse5';

type Node =
  | DefaultTreeAdapterTypes.ChildNode
  | DefaultTreeAdapterTypes.Document
  | DefaultTreeAdapterTypes.DocumentFragment;

/** Whether a tag name is an element of HTML (known to the HTML parser) or a custom element (`my-widget`). */
export function isHtmlElement(tagName: string): boolean {
  return html.getTagID(tagName) !== html.TAG_ID.UNKNOWN || /^[a-z][a-z0-9]*-[a-z0-9-]*$/.test(tagName);
}

/** The first HTML element (see isHtmlElement) found in a tree, depth first. */
export function firstHtmlElement(
  root: Node,
  skip: (tagName: string) => boolean = () => false,
): string | undefined {
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if ('tagName' in node && !skip(node.tagName) && isHtmlElement(node.tagName)) return node.tagName;
    if ('childNodes' in node)
      for (let i = node.childNodes.length - 1; i >= 0; i--) pending.push(node.childNodes[i]!);
    if ('content' in node) pending.push(node.content);
  }
  return undefined;
}

/** Parse a text as a browser parses the inner HTML of a body (tags fixed up, never an error). */
export function parseHtmlFragment(text: string): DefaultTreeAdapterTypes.DocumentFragment {
  return parseFragment(text);
}
