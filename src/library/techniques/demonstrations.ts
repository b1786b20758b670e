import type { Demonstration } from './technique.ts';

/** The heading that opens a block of demonstrations in a prompt, by default. */
export const DEMONSTRATIONS_HEADING = 'Examples:';

/** Every heading plume writes above demonstrations (few-shot's phrasings), the default first. */
export const DEMONSTRATION_HEADINGS: readonly string[] = [
  DEMONSTRATIONS_HEADING,
  'Here are some examples:',
  'For example:',
  'Examples of inputs and the answers they should get:',
];

/** How demonstrations are written: the heading, and the labels of each pair's two lines. */
export interface DemonstrationStyle {
  heading: string;
  inputLabel: string;
  outputLabel: string;
}

/** plume's own layout: `Examples:`, then `Input: ...` / `Output: ...` pairs. */
export const DEFAULT_STYLE: DemonstrationStyle = {
  heading: DEMONSTRATIONS_HEADING,
  inputLabel: 'Input',
  outputLabel: 'Output',
};

/**
 * Demonstrations as prompt text, in the layout plume writes, reads back and the `sim` test
 * instrument counts: the heading, then `<input label>: ...` / `<output label>: ...` pairs
 * separated by blank lines (`Input:`/`Output:` unless the prompt labels its own input, see
 * few-shot). Line breaks inside an input or output are folded to spaces so each pair stays two lines.
 */
export function formatDemonstrations(
  demonstrations: readonly Demonstration[],
  style: DemonstrationStyle = DEFAULT_STYLE,
): string {
  if (demonstrations.length === 0) return '';
  const pairs = demonstrations.map(
    (demo) => `${style.inputLabel}: ${oneLine(demo.input)}\n${style.outputLabel}: ${oneLine(demo.output)}`,
  );
  return `${style.heading}\n\n${pairs.join('\n\n')}`;
}

const PAIR_LINE = /^([A-Z][\w -]{0,30}): (.*\S.*)$/;
const HEADING_LINES = new Set(DEMONSTRATION_HEADINGS);

/**
 * The demonstrations in `text`, in order: every `Input: ...` / `Output: ...` pair anywhere, and
 * the labelled pairs (`Review: ...` / `Sentiment: ...`) of a block under one of plume's headings,
 * each pair labelled like the block's first.
 */
export function parseDemonstrations(text: string): Demonstration[] {
  return demonstrationPairs(text.split(/\r?\n/)).map(({ input, output }) => ({ input, output }));
}

/** The lines `parseDemonstrations` reads (headings included), by 0-based index. */
export function demonstrationLines(lines: readonly string[]): Set<number> {
  const found = new Set<number>();
  for (const pair of demonstrationPairs(lines)) {
    found.add(pair.line);
    found.add(pair.line + 1);
    if (pair.heading !== undefined) found.add(pair.heading);
  }
  return found;
}

/** True for a line that is a demonstrations heading or an `Input:`/`Output:` line on its own. */
export function isDemonstrationLine(line: string): boolean {
  return HEADING_LINES.has(line.trim()) || /^(?:Input|Output): \S/.test(line);
}

interface FoundPair extends Demonstration {
  /** 0-based line of the pair's first line; `heading`, the line of the heading above it. */
  line: number;
  heading: number | undefined;
}

function demonstrationPairs(lines: readonly string[]): FoundPair[] {
  const found: FoundPair[] = [];
  const taken = new Set<number>();
  for (let index = 0; index < lines.length; index++) {
    if (!HEADING_LINES.has(lines[index]!.trim())) continue;
    let labels: [string, string] | undefined;
    let at = index + 1;
    for (;;) {
      while (at < lines.length && lines[at]!.trim() === '') at++;
      const first = PAIR_LINE.exec(lines[at] ?? '');
      const second = PAIR_LINE.exec(lines[at + 1] ?? '');
      if (!first || !second || first[1] === second[1]) break;
      labels ??= [first[1]!, second[1]!];
      if (first[1] !== labels[0] || second[1] !== labels[1]) break;
      found.push({ input: first[2]!.trim(), output: second[2]!.trim(), line: at, heading: index });
      taken.add(at);
      at += 2;
    }
  }
  for (let index = 0; index + 1 < lines.length; index++) {
    if (taken.has(index)) continue;
    const input = /^Input: (.*)$/.exec(lines[index]!);
    const output = /^Output: (.*)$/.exec(lines[index + 1]!);
    if (input && output)
      found.push({ input: input[1]!.trim(), output: output[1]!.trim(), line: index, heading: undefined });
  }
  return found.sort((a, b) => a.line - b.line);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
