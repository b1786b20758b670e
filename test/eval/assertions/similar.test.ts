import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmbedFunction } from '../../../src/eval/assertions/assertion-context.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { evaluateAssertions } from '../../../src/eval/assertions/evaluate-assertions.ts';
import { createModel2VecEmbedder } from '../../../src/models/embedding/model2vec.ts';
import { cellContext, check } from './cell-context.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const modelFolder = path.resolve(repoRoot, '../shared/models/model2vec-test-vocab-quantized');

let embed: EmbedFunction;
let embeddedTexts: string[];
beforeAll(async () => {
  const embedder = await createModel2VecEmbedder(modelFolder);
  embed = (texts) => {
    embeddedTexts.push(...texts);
    return embedder.embed(texts);
  };
});

const reference = 'The cat sat on the mat.';

describe('similar (local Model2Vec embedder)', () => {
  it('passes an identical text and fails an unrelated one', async () => {
    embeddedTexts = [];
    const same = await check({ type: 'similar', value: reference }, reference, { embed });
    expect(same.pass).toBe(true);
    expect(same.score).toBeCloseTo(1, 5);
    const unrelated = await check(
      { type: 'similar', value: reference, threshold: 0.5 },
      'Quarterly revenue grew.',
      {
        embed,
      },
    );
    expect(unrelated.pass).toBe(false);
    expect(unrelated.reason).toMatch(/^Cosine similarity -?0\.\d{3} < 0\.5$/);
  });

  it('scores a related sentence between an unrelated one and an identical one', async () => {
    embeddedTexts = [];
    const related = await check({ type: 'similar', value: reference }, 'A kitten was sitting on the rug.', {
      embed,
    });
    const unrelated = await check({ type: 'similar', value: reference }, 'Quarterly revenue grew.', {
      embed,
    });
    expect(related.score).toBeGreaterThan(unrelated.score);
    expect(related.score).toBeLessThan(0.99);
  });

  it('falls back to the expected answer; not-similar inverts', async () => {
    embeddedTexts = [];
    const test = { expected: reference };
    expect((await check({ type: 'similar' }, reference, { embed, test })).pass).toBe(true);
    expect(
      (await check({ type: 'not-similar', threshold: 0.5 }, 'Quarterly revenue grew.', { embed, test })).pass,
    ).toBe(true);
  });

  it('embeds a fixed reference once for all cells', async () => {
    embeddedTexts = [];
    const compiled = compileAssertions([{ type: 'similar', value: reference }]);
    const outputs = ['one cat', 'two cats', 'three cats'];
    for (const output of outputs) await evaluateAssertions(compiled, cellContext(output, { embed }));
    expect(embeddedTexts.filter((text) => text === reference)).toHaveLength(1);
    expect(embeddedTexts.filter((text) => outputs.includes(text))).toHaveLength(3);
  });

  it('is undecided without an embedding model', async () => {
    expect(await check({ type: 'similar', value: reference }, reference)).toMatchObject({
      pass: false,
      error: true,
    });
    expect(compileAssertions([{ type: 'similar', value: reference }]).needsModels).toEqual(
      new Set(['embedding']),
    );
  });
});

describe('similar:cosine, similar:dot and similar:euclidean', () => {
  const vectors: Record<string, number[]> = { ref: [3, 4], near: [3, 4.5], far: [-3, -4] };
  const embed: EmbedFunction = async (texts) => texts.map((text) => Float32Array.from(vectors[text]!));

  it('compare as promptfoo: similarities reach the threshold, a distance stays within it', async () => {
    expect((await check({ type: 'similar:cosine', value: 'ref' }, 'near', { embed })).pass).toBe(true);
    const dot = await check({ type: 'similar:dot', value: 'ref', threshold: 25 }, 'near', { embed });
    expect(dot).toMatchObject({ pass: true, reason: 'Dot product 27.000 ≥ 25' });
    expect((await check({ type: 'similar:dot', value: 'ref', threshold: 30 }, 'near', { embed })).pass).toBe(
      false,
    );
    const near = await check({ type: 'similar:euclidean', value: 'ref', threshold: 0.75 }, 'near', { embed });
    expect(near).toMatchObject({ pass: true, reason: 'Euclidean distance 0.500 ≤ 0.75' });
    expect(near.score).toBeCloseTo(1 / 1.5);
    const far = await check({ type: 'similar:euclidean', value: ['far', 'ref'], threshold: 0.75 }, 'far', {
      embed,
    });
    expect(far).toMatchObject({ pass: true, score: 1 });
    expect((await check({ type: 'not-similar:euclidean', value: 'ref' }, 'far', { embed })).pass).toBe(true);
  });
});
