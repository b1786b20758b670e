import { PLACEHOLDER } from '../../library/techniques/body-text.ts';
import { type PartOfSpeech, synonyms } from '../../util/wordnet.ts';
import type { EditHandler } from './edit.ts';
import { randomChoice, shuffled } from './random-choice.ts';
import type { Phrase } from './split-phrases.ts';
import { STOP_WORDS } from './stop-words.ts';

/** How many words to look up before giving up on one edit. */
const LOOKUPS = 12;
/** Only the first synonyms (the most frequent senses) are used: later ones drift in meaning. */
const SYNONYM_CHOICES = 5;

const DETERMINERS = new Set('a an the this that each every your my our their its one any some no'.split(' '));
const BEFORE_VERBS = new Set('to please will must should can may'.split(' '));

interface Word {
  text: string;
  start: number;
  part: PartOfSpeech | undefined;
  article?: { start: number; text: string };
}

/** GrIPS `paraphrase`, word by word: replace one content word by a WordNet synonym, keeping its case. */
export const paraphraseWord: EditHandler = async (body, phrases, random) => {
  const words = shuffled(phrases.flatMap(contentWords), random).slice(0, LOOKUPS);
  for (const word of words) {
    const guessed = word.part ? await synonyms(word.text, word.part) : [];
    const found = (guessed.length > 0 ? guessed : await synonyms(word.text)).filter((synonym) =>
      /^[a-z][a-z' -]*$/.test(synonym),
    );
    if (found.length === 0) continue;
    const replacement = withCaseOf(word.text, randomChoice(found.slice(0, SYNONYM_CHOICES), random));
    let edited = body.slice(0, word.start) + replacement + body.slice(word.start + word.text.length);
    if (word.article) {
      const article = withCaseOf(word.article.text, /^[aeiou]/i.test(replacement) ? 'an' : 'a');
      edited =
        edited.slice(0, word.article.start) +
        article +
        edited.slice(word.article.start + word.article.text.length);
    }
    return { description: `paraphrase: '${word.text}' → '${replacement}'`, body: edited };
  }
  return undefined;
};

/** The words of a phrase worth replacing: not stop words, not inside a placeholder, 3 letters or more. */
function contentWords(phrase: Phrase): Word[] {
  const masked = phrase.text.replace(new RegExp(PLACEHOLDER.source, 'g'), (tag) => ' '.repeat(tag.length));
  const words: Word[] = [];
  let previous: { text: string; start: number } | undefined;
  for (const match of masked.matchAll(/[A-Za-z][A-Za-z'-]*/g)) {
    const text = match[0];
    const start = phrase.start + match.index;
    const lower = text.toLowerCase();
    if (text.length >= 3 && !STOP_WORDS.has(lower) && !/^[A-Z]{2,}$/.test(text)) {
      const labelled = masked[match.index + text.length] === ':';
      const word: Word = {
        text,
        start,
        part: labelled ? 'noun' : partOfSpeech(previous?.text.toLowerCase()),
      };
      if (previous && /^an?$/i.test(previous.text)) word.article = previous;
      words.push(word);
    }
    previous = { text, start };
  }
  return words;
}

/**
 * A guess from the word before ("the answer" is a noun; "to answer" and a phrase's first word are
 * verbs), tried first; a guess with no synonyms falls back to every part of speech.
 */
function partOfSpeech(previous: string | undefined): PartOfSpeech | undefined {
  if (previous === undefined || BEFORE_VERBS.has(previous)) return 'verb';
  if (DETERMINERS.has(previous)) return 'noun';
  return undefined;
}

function withCaseOf(model: string, word: string): string {
  if (model.length > 1 && model === model.toUpperCase()) return word.toUpperCase();
  if (/^[A-Z]/.test(model)) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}
