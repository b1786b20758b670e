import { blockRanges } from './body-text.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniquePhrasing } from './technique.ts';

/** A fence: its opening and closing lines for a placeholder named `name`. */
interface Fence {
  open(name: string): string;
  close(name: string): string;
}

/** The fences, in the order of the phrasings. */
const FENCES: readonly Fence[] = [
  { open: () => '"""', close: () => '"""' },
  { open: (name) => `<${name}>`, close: (name) => `</${name}>` },
  { open: () => '```', close: () => '```' },
];

/** A placeholder's tag name for an XML fence: `{{user.name}}` → `user-name`. */
function tagName(tag: string): string {
  return (
    tag
      .replace(/[{}\s]/g, '')
      .replace(/^[^A-Za-z]+/, '')
      .replace(/[^\w-]+/g, '-') || 'input'
  );
}

const phrasing = (name: string, fence: Fence): TechniquePhrasing => ({
  name,
  render: () => [fence.open('input'), '{{input}}', fence.close('input')].join('\n'),
});

const PHRASINGS: readonly TechniquePhrasing[] = [
  phrasing('triple quotes', FENCES[0]!),
  phrasing('XML tags named after the variable', FENCES[1]!),
  phrasing('code fence', FENCES[2]!),
];

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
    'as "Ticket:") in triple quotes, or, in its other phrasings, in XML tags named after the variable ' +
    'or in a code fence. Taught by learnprompting.org ("Separating instructions from ' +
    'data") and the OpenAI guide ("Use delimiters to clearly indicate distinct parts of the input").',
  example: {
    before: 'Summarize the email below in one sentence.\n\nEmail: {{email}}',
    after: 'Summarize the email below in one sentence.\n\nEmail:\n"""\n{{email}}\n"""',
  },
  phrasings: PHRASINGS,
  detect: (body) => WRAPPED.some((pattern) => pattern.test(body)),
  apply(body, options = {}) {
    if (delimiters.detect(body)) return body;
    const fence = FENCES[PHRASINGS.indexOf(chosenPhrasing(delimiters, options))]!;
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
      const name = tagName(tag!);
      out.push(`${indent}${fence.open(name)}`, `${indent}${tag}`, `${indent}${fence.close(name)}`);
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
