import { blockRanges, PLACEHOLDER } from '../../library/techniques/body-text.ts';
import { demonstrationLines, isDemonstrationLine } from '../../library/techniques/demonstrations.ts';

/** A sentence or clause of a prompt body that an edit may delete, move or reword. */
export interface Phrase {
  text: string;
  /** Offset of its first character in the body; `end` is just past its last. */
  start: number;
  end: number;
  /** 0-based line of the body it is on. */
  line: number;
  /** True when it holds a `{{placeholder}}` (such a phrase is never deleted). */
  hasPlaceholder: boolean;
  /** How many `{{role}}` markers come before it: phrases of one message share a section. */
  section: number;
}

const LIST_MARKER = /^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+/;
const SENTENCE_END = /[.!?]+["'”’)\]]*(?=[ \t]+\S)/g;
const CLAUSE_END =
  /(?:;|,(?=[ \t]+(?:and|but|or|so|then|while|because|which|unless|although|yet)\b))(?=[ \t]+\S)/gi;
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|cf|mr|mrs|ms|dr|approx)\.$/i;
const TAG_LINE = /^[ \t]*<\/?[A-Za-z][\w-]*>[ \t]*$/;
const ROLE_MARKER = /\{\{\s*role\s/;

/**
 * The phrases of a prompt body, in order: each line's sentences, and their clauses at `;` or at a
 * comma before a conjunction. Everything else is an atom no edit touches: template tags other than
 * plain `{{placeholders}}` (their whole line), `{{#block}}` sections, demonstration blocks, blank
 * lines, list markers, fences, lines without words and headings (lines ending with a colon).
 */
export function splitPhrases(body: string): Phrase[] {
  const blocks = blockRanges(body);
  const demonstrations = demonstrationLines(body.split('\n'));
  const phrases: Phrase[] = [];
  let offset = 0;
  let section = 0;
  for (const [line, text] of body.split('\n').entries()) {
    const start = offset;
    offset += text.length + 1;
    if (ROLE_MARKER.test(text)) section++;
    const inBlock = blocks.some(([from, to]) => start < to && start + text.length > from);
    if (inBlock || demonstrations.has(line) || isAtomLine(text)) continue;
    const marker = LIST_MARKER.exec(text)?.[0].length ?? 0;
    for (const [from, to] of phraseRanges(text, marker)) {
      const phrase = text.slice(from, to);
      if (!/[A-Za-z]/.test(phrase.replace(PLACEHOLDER, ''))) continue;
      phrases.push({
        text: phrase,
        start: start + from,
        end: start + to,
        line,
        hasPlaceholder: new RegExp(PLACEHOLDER.source).test(phrase),
        section,
      });
    }
  }
  return phrases;
}

function isAtomLine(text: string): boolean {
  const withoutPlaceholders = text.replace(PLACEHOLDER, '');
  return (
    withoutPlaceholders.includes('{{') ||
    !/[A-Za-z]/.test(withoutPlaceholders) ||
    TAG_LINE.test(text) ||
    isDemonstrationLine(text) ||
    // A heading that introduces what follows ("Constraints:"): moving or rewording it alone breaks the list.
    /:[ \t]*$/.test(text)
  );
}

/** [start, end) of each trimmed sentence or clause of a line, after its list marker. */
function phraseRanges(text: string, from: number): Array<[number, number]> {
  const tags = [...text.matchAll(PLACEHOLDER)].map((match) => [match.index, match.index + match[0].length]);
  const insideTag = (at: number) => tags.some(([open, close]) => at > open! && at < close!);
  const cuts = new Set<number>();
  for (const pattern of [SENTENCE_END, CLAUSE_END]) {
    for (const match of text.slice(from).matchAll(pattern)) {
      const cut = from + match.index + match[0].length;
      if (insideTag(cut) || (pattern === SENTENCE_END && ABBREVIATION.test(text.slice(from, cut)))) continue;
      cuts.add(cut);
    }
  }
  const bounds = [from, ...[...cuts].sort((a, b) => a - b), text.length];
  const ranges: Array<[number, number]> = [];
  for (let index = 0; index + 1 < bounds.length; index++) {
    let start = bounds[index]!;
    let end = bounds[index + 1]!;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) ranges.push([start, end]);
  }
  return ranges;
}
