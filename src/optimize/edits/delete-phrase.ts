import { type EditHandler, quotePhrase } from './edit.ts';
import { randomChoice } from './random-choice.ts';
import type { Phrase } from './split-phrases.ts';

/** GrIPS `delete`: drop one phrase that holds no placeholder, tidying the space and punctuation around it. */
export const deletePhrase: EditHandler = (body, phrases, random) => {
  const candidates = phrases.filter((phrase) => !phrase.hasPlaceholder);
  if (candidates.length === 0) return undefined;
  const phrase = randomChoice(candidates, random);
  return { description: `delete: ${quotePhrase(phrase.text)}`, body: withoutPhrase(body, phrases, phrase) };
};

function withoutPhrase(body: string, phrases: readonly Phrase[], phrase: Phrase): string {
  const onLine = phrases.filter((other) => other.line === phrase.line);
  if (onLine.length === 1) return withoutLine(body, phrase.line);
  const index = onLine.indexOf(phrase);
  const previous = onLine[index - 1];
  const next = onLine[index + 1];
  if (!previous) return body.slice(0, phrase.start) + capitalized(body.slice(next!.start));
  let before = body.slice(0, previous.end);
  let after = body.slice(phrase.end);
  const ending = /[.!?:]$/.exec(phrase.text)?.[0];
  // "Read it, then answer." without its last clause is "Read it." rather than "Read it,".
  if (/[,;]$/.test(previous.text) && ending) before = before.slice(0, -1) + ending;
  // Without the first clause of a sentence, the next clause starts it.
  if (/[.!?]$/.test(previous.text) && /[,;]$/.test(phrase.text) && next) {
    after = body.slice(phrase.end, next.start) + capitalized(body.slice(next.start));
  }
  return before + after;
}

/** The body without one line, and without a blank line left doubled (or leading) by its going. */
function withoutLine(body: string, line: number): string {
  const lines = body.split('\n');
  lines.splice(line, 1);
  const blank = (at: number) => at >= lines.length || lines[at]!.trim() === '';
  if (line === 0 ? blank(0) && lines.length > 0 : lines[line - 1]!.trim() === '' && blank(line)) {
    lines.splice(line === 0 ? 0 : line - 1, 1);
  }
  return lines.join('\n');
}

function capitalized(text: string): string {
  return text.replace(/^[a-z]/, (letter) => letter.toUpperCase());
}
