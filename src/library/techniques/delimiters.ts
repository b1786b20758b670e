import { blockRanges } from './body-text.ts';
import type { Technique } from './technique.ts';

/** A placeholder alone on its line, optionally after a short label: `{{ticket}}`, `Ticket: {{ticket}}`. */
const STANDALONE = /^([ \t]*)(?:([^{}\n]{1,40}:)[ \t]*)?(\{\{\{?\s*[A-Za-z_][\w.-]*\s*\}?\}\})[ \t]*$/;

const OPENERS: ReadonlyArray<[RegExp, (opener: string) => RegExp]> = [
  [/^"""$/, () => /^"""$/],
  [/^```[\w-]*$/, () => /^```$/],
  [/^---$/, () => /^---$/],
  [/^<([A-Za-z][\w-]*)>$/, (opener) => new RegExp(`^</${opener.slice(1, -1)}>$`)],
];

const WRAPPED = [
  /"""\s*\{\{[^}]+\}\}\}?\s*"""/,
  /```[\w-]*[ \t]*\r?\n\s*\{\{[^}]+\}\}\}?\s*\r?\n\s*```/,
  /<([A-Za-z][\w-]*)>\s*\{\{[^}]+\}\}\}?\s*<\/\1>/,
  /(^|\n)[ \t]*---[ \t]*\r?\n\s*\{\{[^}]+\}\}\}?\s*\r?\n[ \t]*---/,
  /\[\[\s*\{\{[^}]+\}\}\}?\s*\]\]/,
];

/** Delimiters: fence the input so the model can tell it apart from the instructions. */
export const delimiters: Technique = {
  id: 'delimiters',
  name: 'Delimiters around inputs',
  summary: 'Wrap each input in triple quotes (or tags) so it cannot be mistaken for instructions.',
  explanation:
    'Fencing inserted text with """ ... """, ``` ... ``` or <tag> ... </tag> shows where the input ' +
    'starts and ends. It helps with long or multi-line inputs and protects against inputs that ' +
    'contain instructions of their own (prompt injection). On short single-value inputs it changes ' +
    'little. plume wraps every placeholder that stands on its own line (or after a short label such ' +
    'as "Ticket:") in triple quotes. Taught by learnprompting.org ("Separating instructions from ' +
    'data") and the OpenAI guide ("Use delimiters to clearly indicate distinct parts of the input").',
  example: {
    before: 'Summarize the email below in one sentence.\n\nEmail: {{email}}',
    after: 'Summarize the email below in one sentence.\n\nEmail:\n"""\n{{email}}\n"""',
  },
  detect: (body) => WRAPPED.some((pattern) => pattern.test(body)),
  apply(body) {
    if (delimiters.detect(body)) return body;
    const lines = body.split('\n');
    const blocks = blockRanges(body);
    const out: string[] = [];
    let offset = 0;
    for (const [index, line] of lines.entries()) {
      const match = STANDALONE.exec(line.replace(/\r$/, ''));
      const inBlock = blocks.some(([start, end]) => offset > start && offset < end);
      offset += line.length + 1;
      if (!match || inBlock || isFenced(lines, index)) {
        out.push(line);
        continue;
      }
      const [, indent, label, tag] = match;
      if (label) out.push(`${indent}${label.trimEnd()}`);
      out.push(`${indent}"""`, `${indent}${tag}`, `${indent}"""`);
    }
    return out.join('\n');
  },
};

/** True when the line at `index` sits between an opening fence line and its closing line. */
function isFenced(lines: readonly string[], index: number): boolean {
  const before = lines[index - 1]?.trim() ?? '';
  const after = lines[index + 1]?.trim() ?? '';
  return OPENERS.some(([opener, closer]) => opener.test(before) && closer(before).test(after));
}
