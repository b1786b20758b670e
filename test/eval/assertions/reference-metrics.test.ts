import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { bleuScore } from '../../../src/eval/assertions/text/bleu-score.ts';
import { levenshteinDistance } from '../../../src/eval/assertions/text/levenshtein-distance.ts';
import { rougeNScore } from '../../../src/eval/assertions/text/rouge-n-score.ts';
import { wordTokens } from '../../../src/eval/assertions/text/word-tokens.ts';
import { check } from './cell-context.ts';

const words = (text: string) => text.split(' ');

describe('levenshteinDistance', () => {
  it('gives the textbook distances', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinDistance('flaw', 'lawn')).toBe(2);
    expect(levenshteinDistance('', 'abc')).toBe(3);
    expect(levenshteinDistance('same', 'same')).toBe(0);
    // Code points, not UTF-16 units: one emoji is one edit.
    expect(levenshteinDistance('a😀', 'a')).toBe(1);
  });
});

describe('levenshtein assertion', () => {
  it('passes within the threshold (default 5) and scores similarity', async () => {
    const close = await check({ type: 'levenshtein', value: 'sitting' }, 'kitten');
    expect(close.pass).toBe(true);
    expect(close.score).toBeCloseTo(1 - 3 / 7, 10);
    expect((await check({ type: 'levenshtein', value: 'sitting', threshold: 2 }, 'kitten')).pass).toBe(false);
    expect((await check({ type: 'not-levenshtein', value: 'sitting', threshold: 2 }, 'kitten')).pass).toBe(
      true,
    );
  });

  it('rejects a non-integer distance threshold', () => {
    expect(() => compileAssertions([{ type: 'levenshtein', value: 'a', threshold: 0.5 }])).toThrow(
      /maximum edit distance/,
    );
  });
});

describe('rougeNScore (recall)', () => {
  const reference = words('the cat was under the bed');
  const candidate = words('the cat was found under the bed');

  it('ROUGE-1: every reference word is found', () => {
    expect(rougeNScore(candidate, [reference], 1)).toBe(1);
  });

  it('ROUGE-2: 4 of the 5 reference bigrams are found', () => {
    expect(rougeNScore(candidate, [reference], 2)).toBeCloseTo(0.8, 12);
  });

  it('clips repeated n-grams to the reference count', () => {
    // Reference has "the" twice; a candidate of four "the" matches 2 of its 6 unigrams.
    expect(rougeNScore(words('the the the the'), [reference], 1)).toBeCloseTo(2 / 6, 12);
  });

  it('keeps the best of several references', () => {
    expect(rougeNScore(words('a b'), [words('x y'), words('a b c d')], 1)).toBe(0.5);
  });
});

describe('bleuScore', () => {
  it('is 1 for a candidate equal to its reference', () => {
    const sentence = words('the quick brown fox jumps over the lazy dog');
    expect(bleuScore(sentence, [sentence])).toBeCloseTo(1, 12);
  });

  it('clips counts: Papineni et al.\'s "the the the the the the the" has unigram precision 2/7', () => {
    const score = bleuScore(words('the the the the the the the'), [words('the cat is on the mat')], 1);
    expect(score).toBeCloseTo(2 / 7, 12);
  });

  it('BLEU-2 is the geometric mean of 5/6 and 3/5 for one substituted word', () => {
    const score = bleuScore(words('the cat sat on the mat'), [words('the cat is on the mat')], 2);
    expect(score).toBeCloseTo(Math.sqrt((5 / 6) * (3 / 5)), 12);
  });

  it('is 0 unsmoothed when no 4-gram matches', () => {
    expect(bleuScore(words('the cat sat on the mat'), [words('the cat is on the mat')], 4)).toBe(0);
  });

  it('applies the brevity penalty exp(1 - r/c) to a short candidate', () => {
    // Unigram precision 1, r = 6, c = 3.
    const score = bleuScore(words('the cat is'), [words('the cat is on the mat')], 1);
    expect(score).toBeCloseTo(Math.exp(1 - 6 / 3), 12);
  });
});

describe('rouge-n and bleu assertions', () => {
  it('tokenize words case-insensitively and ignore punctuation', () => {
    expect(wordTokens("The cat's bed, it's here!")).toEqual(['the', "cat's", 'bed', "it's", 'here']);
  });

  it('rouge-n compares with the expected answer and its threshold (default 0.75)', async () => {
    const test = { expected: 'The cat was under the bed.' };
    const unigram = await check({ type: 'rouge-n' }, 'The cat was found under the bed', { test });
    expect(unigram).toMatchObject({ pass: true, score: 1 });
    const bigram = await check(
      { type: 'rouge-n', config: { n: 2 }, threshold: 0.9 },
      'The cat was found under the bed',
      { test },
    );
    expect(bigram.pass).toBe(false);
    expect(bigram.score).toBeCloseTo(0.8, 12);
  });

  it('bleu passes above its threshold (default 0.5)', async () => {
    const same = await check(
      { type: 'bleu', value: 'the quick brown fox jumps' },
      'The quick brown fox jumps.',
    );
    expect(same.pass).toBe(true);
    const other = await check({ type: 'bleu', value: 'the quick brown fox jumps' }, 'A slow red hen sleeps.');
    expect(other).toMatchObject({ pass: false, score: 0 });
    expect(
      (await check({ type: 'bleu', value: ['x y', 'the cat sat'], config: { maxN: 2 } }, 'the cat sat'))
        .score,
    ).toBeCloseTo(1, 12);
  });
});
