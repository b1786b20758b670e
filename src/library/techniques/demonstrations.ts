import type { Demonstration } from './technique.ts';

/** The heading that opens a block of demonstrations in a prompt. */
export const DEMONSTRATIONS_HEADING = 'Examples:';

/**
 * Demonstrations as prompt text, in the one layout plume writes, reads back and the `sim` test
 * instrument counts: the heading, then `Input: ...` / `Output: ...` pairs separated by blank lines.
 * Line breaks inside an input or output are folded to spaces so each pair stays two lines.
 */
export function formatDemonstrations(demonstrations: readonly Demonstration[]): string {
  if (demonstrations.length === 0) return '';
  const pairs = demonstrations.map(
    (demo) => `Input: ${oneLine(demo.input)}\nOutput: ${oneLine(demo.output)}`,
  );
  return `${DEMONSTRATIONS_HEADING}\n\n${pairs.join('\n\n')}`;
}

/** The demonstrations written by formatDemonstrations anywhere in `text`, in order. */
export function parseDemonstrations(text: string): Demonstration[] {
  const found: Demonstration[] = [];
  const pair = /^Input: (.*)\r?\nOutput: (.*)$/gm;
  for (const match of text.matchAll(pair)) found.push({ input: match[1]!.trim(), output: match[2]!.trim() });
  return found;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
