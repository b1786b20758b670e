import { type Document, isAlias, isMap, isPair, isSeq, type Node } from 'yaml';
import { type ErrorCode, PlumeError } from './errors.ts';

/**
 * Aliases let a few bytes of YAML stand for millions of nodes (`&a [x,x,x]`, `&b [*a,*a,*a]`,
 * ...): the reader shares the anchored node, but every later walk (validation, hashing, copying)
 * pays for its full size. A text may expand to 100,000 nodes plus ten for each node it writes:
 * a suite reusing a block of checks in every test stays far below it, and a seven-level alias
 * bomb of 700 bytes (4.8 million nodes, 10 s and 437 MB to validate) is stopped while it is read.
 */
export function expansionLimit(writtenNodes: number): number {
  return 100_000 + 10 * writtenNodes;
}

/** The first node, in reading order, whose expanded size is over the limit of the whole text. */
export interface Expansion {
  /** Nodes written in the text. */
  written: number;
  /** Offset in the text of the first node found too large, or of an alias inside its own anchor. */
  overAt?: number;
  cyclic?: boolean;
}

/**
 * Tracks expanded sizes as nodes are read, children before parents: a candidate is kept when a
 * node is larger than the limit so far, and checked against the limit of the whole text at the end.
 */
export class ExpansionCounter {
  private written = 0;
  private readonly candidates: { at: number; size: number }[] = [];
  private cyclicAt: number | undefined;

  /** Count one written node of `size` (itself and what it holds, aliases expanded), starting at `at`. */
  add(size: number, at: number): void {
    this.written += 1;
    if (size > expansionLimit(this.written)) this.candidates.push({ at, size });
  }

  /** An alias was found inside the node it refers to. */
  cycle(at: number): void {
    this.cyclicAt ??= at;
  }

  result(): Expansion {
    if (this.cyclicAt !== undefined) return { written: this.written, overAt: this.cyclicAt, cyclic: true };
    const limit = expansionLimit(this.written);
    const over = this.candidates.find((candidate) => candidate.size > limit);
    return { written: this.written, ...(over ? { overAt: over.at } : {}) };
  }
}

/** The expansion of a yaml library Document, counted before `toJS` builds it. */
export function documentExpansion(document: Document): Expansion {
  const counter = new ExpansionCounter();
  const sizes = new Map<Node, number>();
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  // Children before parents, in document order, without recursion (a deep text must not overflow).
  const stack: { node: unknown; entered: boolean }[] = [{ node: document.contents, entered: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if (!node || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push({ node: node.value, entered: false }, { node: node.key, entered: false });
      continue;
    }
    const current = node as Node;
    if (isAlias(current)) {
      const target = anchors.get(current.source);
      if (target && open.has(target)) counter.cycle(current.range?.[0] ?? 0);
      sizes.set(current, target ? (sizes.get(target) ?? 1) : 1);
      continue;
    }
    if (!top.entered) {
      if (current.anchor) anchors.set(current.anchor, current);
      if (isMap(current) || isSeq(current)) {
        open.add(current);
        stack.push({ node: current, entered: true });
        for (let index = current.items.length - 1; index >= 0; index--)
          stack.push({ node: current.items[index], entered: false });
        continue;
      }
      sizes.set(current, 1);
      counter.add(1, current.range?.[0] ?? 0);
      continue;
    }
    open.delete(current);
    let size = 1;
    for (const item of (current as { items: unknown[] }).items) {
      if (isPair(item)) size += (item.value ? (sizes.get(item.value as Node) ?? 1) : 1) + 1;
      else size += sizes.get(item as Node) ?? 1;
    }
    sizes.set(current, size);
    counter.add(size, current.range?.[0] ?? 0);
  }
  return counter.result();
}

/** The error for a text over its expansion limit, at the line of the node found too large. */
export function expansionError(
  expansion: Expansion,
  location: { file: string; line: number },
  code: ErrorCode,
): PlumeError {
  if (expansion.cyclic) {
    return new PlumeError({
      code,
      message: 'an alias refers to the node that holds it (a YAML structure that never ends)',
      location,
      hint: 'point the alias at a node defined before it, outside the anchored node',
    });
  }
  return new PlumeError({
    code,
    message: `YAML aliases expand this text past ${expansionLimit(expansion.written).toLocaleString('en-US')} nodes (an alias bomb)`,
    location,
    hint: 'write the repeated parts out, or reuse them through fewer levels of aliases',
  });
}
