const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower-cased words of a text (letters and digits, inner apostrophes kept); punctuation dropped. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
