/** How to read tagged blocks out of an answer. */
export interface TaggedBlocksOptions {
  /**
   * The meta-prompt ended with the opening tag, so the answer starts inside a block: its text up
   * to the first closing tag (or all of it, when the model stopped at the closing tag) is one.
   */
  opened?: boolean;
}

/**
 * The texts between `<tag>` and `</tag>` in an answer, trimmed, in order (tag names match in any
 * case). When no block is closed, the text after the last unclosed opening tag counts (an answer
 * cut short at its token limit); an answer with no tag at all yields nothing.
 */
export function taggedBlocks(answer: string, tag: string, options: TaggedBlocksOptions = {}): string[] {
  const open = new RegExp(`<${tag}>`, 'i');
  const close = new RegExp(`</${tag}>`, 'i');
  let text = answer;
  if (options.opened) {
    const closing = close.exec(text);
    const opening = open.exec(text);
    if (closing === null && opening === null) return [text.trim()];
    if (closing !== null && (opening === null || opening.index > closing.index)) text = `<${tag}>${text}`;
  }
  const blocks = [...text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'gi'))].map((found) =>
    found[1]!.trim(),
  );
  if (blocks.length > 0) return blocks;
  const lastOpen = text.search(new RegExp(`<${tag}>(?![\\s\\S]*<${tag}>)`, 'i'));
  return lastOpen < 0 ? [] : [text.slice(lastOpen + tag.length + 2).trim()];
}
