import { sequenceDiff } from './sequence-diff.ts';

/** A run of text on one side of a word diff: kept, or only on this side. */
export interface WordSegment {
  text: string;
  changed: boolean;
}

/** Beyond this many word pairs the diff is not worth its time: each side is shown as changed. */
const MOST_PAIRS = 4_000_000;

/**
 * Two texts split into runs for side-by-side display: the left marks what `after` dropped, the
 * right what it added. Words and the spaces between them are compared as tokens, so line breaks
 * stay where they were.
 */
export function wordDiff(before: string, after: string): { left: WordSegment[]; right: WordSegment[] } {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MOST_PAIRS) {
    return { left: [{ text: before, changed: true }], right: [{ text: after, changed: true }] };
  }
  const left: WordSegment[] = [];
  const right: WordSegment[] = [];
  for (const step of sequenceDiff(a, b)) {
    if (step.kind !== 'added') append(left, step.value, step.kind === 'removed');
    if (step.kind !== 'removed') append(right, step.value, step.kind === 'added');
  }
  return { left: bridgeSpaces(left), right: bridgeSpaces(right) };
}

function tokens(text: string): string[] {
  return text.split(/(\s+)/).filter((token) => token !== '');
}

/** Add a token, joining it to the last run when both are changed or both kept. */
function append(segments: WordSegment[], text: string, changed: boolean): void {
  const last = segments.at(-1);
  if (last !== undefined && last.changed === changed) last.text += text;
  else segments.push({ text, changed });
}

/** Spaces kept between two changes join them, so "X Y" reads as one change rather than two. */
function bridgeSpaces(segments: WordSegment[]): WordSegment[] {
  const bridged: WordSegment[] = [];
  segments.forEach((segment, index) => {
    const between =
      !segment.changed &&
      /^\s+$/.test(segment.text) &&
      segments[index - 1]?.changed &&
      segments[index + 1]?.changed;
    append(bridged, segment.text, segment.changed || between === true);
  });
  return bridged;
}
