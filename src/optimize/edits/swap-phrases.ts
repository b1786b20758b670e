import { type EditHandler, quotePhrase } from './edit.ts';
import { randomChoice } from './random-choice.ts';

/**
 * GrIPS `swap`: exchange two phrases of different text in the same message (role section). Each
 * place keeps its closing punctuation and the case of its first letter, so a clause moved to the
 * start of a sentence is capitalized and a sentence moved after a comma is not.
 */
export const swapPhrases: EditHandler = (body, phrases, random) => {
  if (phrases.length < 2) return undefined;
  const first = randomChoice(phrases, random);
  const others = phrases.filter((phrase) => phrase.section === first.section && phrase.text !== first.text);
  if (others.length === 0) return undefined;
  const second = randomChoice(others, random);
  const [a, b] = first.start < second.start ? [first, second] : [second, first];
  return {
    description: `swap: ${quotePhrase(a.text)} ↔ ${quotePhrase(b.text)}`,
    body:
      body.slice(0, a.start) +
      placed(b.text, a.text) +
      body.slice(a.end, b.start) +
      placed(a.text, b.text) +
      body.slice(b.end),
  };
};

/** `text` written where `place` was: its words, with the punctuation and first-letter case of `place`. */
function placed(text: string, place: string): string {
  const [, words = ''] = /^(.*?)[.,;:!?]*$/s.exec(text)!;
  const [, , ending = ''] = /^(.*?)([.,;:!?]*)$/s.exec(place)!;
  if (/^[A-Z]/.test(place) && /^[a-z]/.test(words)) return words[0]!.toUpperCase() + words.slice(1) + ending;
  if (/^[a-z]/.test(place) && /^[A-Z][a-z]/.test(words))
    return words[0]!.toLowerCase() + words.slice(1) + ending;
  return words + ending;
}
