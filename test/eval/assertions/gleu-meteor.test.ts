import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { baseForms } from '../../../src/eval/assertions/text/base-forms.ts';
import { gleuScore } from '../../../src/eval/assertions/text/gleu-score.ts';
import { porterStem } from '../../../src/eval/assertions/text/porter-stem.ts';
import { check } from './cell-context.ts';

const words = (text: string) => text.split(' ');

describe('gleuScore', () => {
  it('is the smaller of n-gram precision and recall, the best over references', () => {
    expect(gleuScore(words('the cat sat'), [words('the cat sat')], 4)).toBe(1);
    // 1-grams 2 of 2 (ref 3), 2-grams 1 of 1 (ref 2), 3-grams 0 (ref 1): min(3/3, 3/6).
    expect(gleuScore(words('the cat'), [words('the cat sat')], 4)).toBe(0.5);
    expect(gleuScore(words('the cat'), [words('a dog'), words('the cat sat')], 4)).toBe(0.5);
    expect(gleuScore([], [words('a')], 4)).toBe(0);
  });
});

describe('gleu assertion', () => {
  it('passes at the threshold (0.5) against its value or the expected answer', async () => {
    expect(await check({ type: 'gleu', value: 'the cat sat' }, 'The cat.')).toMatchObject({
      pass: true,
      score: 0.5,
    });
    expect((await check({ type: 'gleu', value: 'the cat sat', threshold: 0.6 }, 'the cat')).pass).toBe(false);
    expect((await check({ type: 'gleu' }, 'the cat', { test: { expected: 'the cat' } })).score).toBe(1);
    expect(await check({ type: 'gleu' }, 'the cat')).toMatchObject({ error: true });
  });
});

describe('porterStem', () => {
  it("gives the stems of Porter's paper", () => {
    const cases: Record<string, string> = {
      caresses: 'caress',
      ponies: 'poni',
      cats: 'cat',
      agreed: 'agre',
      motoring: 'motor',
      hopping: 'hop',
      filing: 'file',
      happy: 'happi',
      relational: 'relat',
      digitizer: 'digit',
      hopefulness: 'hope',
      triplicate: 'triplic',
      adjustment: 'adjust',
      adoption: 'adopt',
      probate: 'probat',
      controll: 'control',
      generalizations: 'gener',
      oscillators: 'oscil',
    };
    for (const [word, stem] of Object.entries(cases)) expect(porterStem(word)).toBe(stem);
  });

  it('gives the base forms WordNet would try', () => {
    expect(baseForms('obeys')).toContain('obey');
    expect(baseForms('boxes')).toContain('box');
    expect(baseForms('at')).toEqual(['at']);
  });
});

describe('meteor', () => {
  it('aligns exact words, then stems, then WordNet synonyms', async () => {
    // 3 matches of 3 words, one chunk: F-mean 1, penalty 0.5·(1/3)³.
    const stemmed = await check({ type: 'meteor', value: 'the cat sat' }, 'the cats sat');
    expect(stemmed.score).toBeCloseTo(1 - 0.5 / 27, 10);
    // big and large share a WordNet synset.
    expect((await check({ type: 'meteor', value: 'a large house' }, 'a big house')).score).toBeCloseTo(
      1 - 0.5 / 27,
      10,
    );
    // One match of two words each: F-mean 0.5, one chunk per match: penalty 0.5.
    const unrelated = await check({ type: 'meteor', value: 'red house' }, 'green house');
    expect(unrelated.score).toBeCloseTo(0.25, 10);
    expect(unrelated.pass).toBe(false);
  });

  it('reads alpha, beta and gamma from config', async () => {
    const noPenalty = { type: 'meteor' as const, value: 'red house', config: { gamma: 0 } };
    expect((await check(noPenalty, 'green house')).score).toBeCloseTo(0.5, 10);
    expect(() => compileAssertions([{ type: 'meteor', value: 'a', config: { alpha: 2 } }])).toThrow(
      /config.alpha/,
    );
  });
});
