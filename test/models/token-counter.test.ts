import { describe, expect, it } from 'vitest';
import { APPROXIMATE_TOKEN_COUNTER, tokenCounterFor } from '../../src/models/token-counter.ts';

describe('tokenCounterFor', () => {
  it("counts exactly with OpenAI's o200k vocabulary for the GPT-4o family, proxies included", async () => {
    for (const model of ['gpt-4o-mini', 'openai/gpt-4.1', 'o3-mini']) {
      const counter = await tokenCounterFor(model);
      expect(counter).toMatchObject({ name: 'o200k_base', exact: true });
      expect(counter.count('Hello world, this is a test.')).toBe(8);
      expect(counter.count('')).toBe(0);
    }
  });

  it('uses cl100k for GPT-4 and GPT-3.5, where the vocabularies differ from o200k', async () => {
    const old = await tokenCounterFor('gpt-3.5-turbo');
    const current = await tokenCounterFor('gpt-4o');
    expect(old.name).toBe('cl100k_base');
    const french = 'Les ingénieurs du prompt écrivent des requêtes précises.';
    expect(old.count(french)).not.toBe(current.count(french));
  });

  it('falls back to a marked approximation for models without a public tokenizer', async () => {
    const counter = await tokenCounterFor('claude-haiku-4-5');
    expect(counter).toBe(APPROXIMATE_TOKEN_COUNTER);
    expect(counter.exact).toBe(false);
    expect(counter.count('12345678')).toBe(2);
    expect(counter.count('123456789')).toBe(3);
  });
});
