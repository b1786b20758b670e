import { countSyllables } from './count-syllables.ts';
import { wordTokens } from './word-tokens.ts';

/** Flesch reading ease (higher is easier; 60-70 is plain English) and Flesch-Kincaid grade level. */
export interface FleschScores {
  readingEase: number;
  gradeLevel: number;
  words: number;
  sentences: number;
  syllables: number;
}

/** Flesch scores of an English text, or undefined when it has no words. */
export function fleschScores(text: string): FleschScores | undefined {
  const words = wordTokens(text);
  if (words.length === 0) return undefined;
  const sentences = Math.max(
    1,
    text.split(/[.!?]+(?:\s|$)/).filter((part) => /[\p{L}\p{N}]/u.test(part)).length,
  );
  const syllables = words.reduce((sum, word) => sum + countSyllables(word), 0);
  const wordsPerSentence = words.length / sentences;
  const syllablesPerWord = syllables / words.length;
  return {
    readingEase: 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord,
    gradeLevel: 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59,
    words: words.length,
    sentences,
    syllables,
  };
}
