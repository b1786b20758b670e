import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { codePoints } from '../../../src/eval/assertions/handlers/character-count.ts';
import { fleschScores } from '../../../src/eval/assertions/text/flesch-scores.ts';
import { check } from './cell-context.ts';

describe('length bounds', () => {
  it('character-count counts code points, exactly or within { min, max }', async () => {
    expect((await check({ type: 'character-count', value: 3 }, 'a😀b')).pass).toBe(true);
    expect((await check({ type: 'character-count', value: { max: 4 } }, 'hello')).reason).toBe(
      'Output has 5 characters, more than 4',
    );
  });

  it('counts code points as Array.from does, lone surrogates included', () => {
    for (const text of [
      '',
      'a',
      '😀',
      'a😀b😀',
      '\ud83d',
      'x\ude00',
      '\ude00\ud83d',
      '\ud83d\ud83d\ude00',
      'é👩‍👩‍👧',
    ]) {
      expect(codePoints(text), JSON.stringify(text)).toBe(Array.from(text).length);
    }
  });

  it('word-count counts whitespace-separated words', async () => {
    expect((await check({ type: 'word-count', value: { min: 2, max: 3 } }, ' one  two three ')).pass).toBe(
      true,
    );
    expect((await check({ type: 'word-count', value: { min: 4 } }, 'one two three')).pass).toBe(false);
    expect((await check({ type: 'not-word-count', value: { min: 4 } }, 'one two three')).pass).toBe(true);
  });

  it('token-count uses the context tokenizer', async () => {
    const fourTokens = { tokenCount: () => 4 };
    expect((await check({ type: 'token-count', value: { max: 4 } }, 'anything', fourTokens)).pass).toBe(true);
    expect((await check({ type: 'token-count', value: { max: 3 } }, 'anything', fourTokens)).pass).toBe(
      false,
    );
  });

  it('rejects empty or inverted bounds at compile time', () => {
    expect(() => compileAssertions([{ type: 'word-count', value: {} }])).toThrow(/min, max or both/);
    expect(() => compileAssertions([{ type: 'word-count', value: { min: 5, max: 2 } }])).toThrow(/above max/);
  });
});

describe('latency and cost', () => {
  it('compare with the threshold', async () => {
    expect((await check({ type: 'latency', threshold: 500 }, 'x', { latencyMs: 120 })).pass).toBe(true);
    expect((await check({ type: 'latency', threshold: 100 }, 'x', { latencyMs: 120 })).pass).toBe(false);
    expect((await check({ type: 'cost', threshold: 0.001 }, 'x', { costUsd: 0.0004 })).pass).toBe(true);
    expect((await check({ type: 'cost', threshold: 0.0001 }, 'x', { costUsd: 0.0004 })).pass).toBe(false);
  });

  it('are undecided when the figure is unknown, even negated', async () => {
    expect(await check({ type: 'not-latency', threshold: 5 }, 'x', { latencyMs: undefined })).toMatchObject({
      pass: false,
      error: true,
    });
    expect((await check({ type: 'cost', threshold: 1 }, 'x', { costUsd: undefined })).error).toBe(true);
  });

  it('need a threshold', () => {
    expect(() => compileAssertions([{ type: 'latency' }])).toThrow(/needs a threshold/);
  });
});

describe('is-refusal', () => {
  it('recognizes refusals, in English and French, and empty answers', async () => {
    for (const refusal of [
      "I'm sorry, but I can't help with that.",
      'I cannot provide instructions for this.',
      'As an AI language model, I do not have opinions.',
      'Je suis désolé, mais je ne peux pas répondre à cette question.',
      '   ',
    ]) {
      expect((await check({ type: 'is-refusal' }, refusal)).pass, refusal).toBe(true);
    }
  });

  it('does not flag ordinary answers; not-is-refusal requires an answer', async () => {
    expect((await check({ type: 'is-refusal' }, 'The capital of France is Paris.')).pass).toBe(false);
    expect((await check({ type: 'not-is-refusal' }, 'Sure: here are three ideas.')).pass).toBe(true);
  });
});

describe('language', () => {
  const french = 'Le chat dort sur le canapé pendant que la pluie tombe doucement sur la ville.';

  it('accepts ISO 639-1 and 639-3 codes', async () => {
    expect((await check({ type: 'language', value: 'fr' }, french)).pass).toBe(true);
    expect((await check({ type: 'language', value: 'fra' }, french)).pass).toBe(true);
    expect((await check({ type: 'language', value: ['en', 'de'] }, french)).pass).toBe(false);
    expect((await check({ type: 'not-language', value: 'en' }, french)).pass).toBe(true);
  });

  it('is undecided on text too short to tell', async () => {
    expect((await check({ type: 'language', value: 'en' }, 'Yes.')).error).toBe(true);
  });

  it('rejects an unknown code at compile time', () => {
    expect(() => compileAssertions([{ type: 'language', value: 'english' }])).toThrow(
      /unknown language code/,
    );
  });
});

describe('readability', () => {
  it('computes Flesch scores by the formulas', () => {
    // 6 one-syllable words in one sentence.
    const scores = fleschScores('The cat sat on the mat.')!;
    expect(scores).toMatchObject({ words: 6, sentences: 1, syllables: 6 });
    expect(scores.readingEase).toBeCloseTo(206.835 - 1.015 * 6 - 84.6, 10);
    expect(scores.gradeLevel).toBeCloseTo(0.39 * 6 + 11.8 - 15.59, 10);
  });

  it('passes plain text and fails dense text', async () => {
    const plain = 'The cat sat on the mat. The dog ran to the park. We had fun.';
    const dense =
      'Institutional interoperability necessitates comprehensive organizational standardization, notwithstanding considerable administrative complexity.';
    expect((await check({ type: 'readability', value: { minReadingEase: 60 } }, plain)).pass).toBe(true);
    expect((await check({ type: 'readability', value: { minReadingEase: 60 } }, dense)).pass).toBe(false);
    expect((await check({ type: 'readability', value: { maxGradeLevel: 8 } }, dense)).pass).toBe(false);
  });

  it('needs at least one bound', () => {
    expect(() => compileAssertions([{ type: 'readability', value: {} }])).toThrow(/minReadingEase/);
  });
});
