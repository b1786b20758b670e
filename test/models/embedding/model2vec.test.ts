import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../../../src/models/embedding/cosine-similarity.ts';
import type { Embedder } from '../../../src/models/embedding/embedder.ts';
import { createModel2VecEmbedder } from '../../../src/models/embedding/model2vec.ts';

// CI clones the repository elsewhere, with shared/ beside it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const modelFolder = path.resolve(repoRoot, '../shared/models/model2vec-test-vocab-quantized');

let embedder: Embedder;
beforeAll(async () => {
  embedder = await createModel2VecEmbedder(modelFolder);
});

describe('createModel2VecEmbedder', () => {
  it('matches the reference vector of model2vec-rs within 1e-5', async () => {
    const reference = JSON.parse(
      await readFile(path.join(modelFolder, 'reference-embeddings_vocab_quantized.json'), 'utf8'),
    ) as number[][];
    // The fixture's input, as in model2vec-rs tests/test_rust_matches_python.rs.
    const [vector] = await embedder.embed([Array(1000).fill('hello').join(' ')]);
    expect(embedder.dimensions).toBe(64);
    expect(vector).toHaveLength(reference[0]!.length);
    const largestGap = Math.max(...reference[0]!.map((expected, i) => Math.abs(vector![i]! - expected)));
    expect(largestGap).toBeLessThan(1e-5);
  });

  it('returns unit vectors, one per text, in order', async () => {
    const texts = ['The cat sat on the mat.', 'Quarterly revenue grew.'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    const [again] = await embedder.embed([texts[1]!]);
    expect(again).toEqual(vectors[1]);
  });

  it('gives a zero vector for a text with no known token', async () => {
    const [empty] = await embedder.embed(['']);
    expect([...empty!].every((value) => value === 0)).toBe(true);
  });

  it('places related sentences closer than unrelated ones', async () => {
    const [cat, kitten, revenue] = await embedder.embed([
      'The cat sat on the mat.',
      'A kitten was sitting on the rug.',
      'Quarterly revenue grew by ten percent.',
    ]);
    expect(cosineSimilarity(cat!, kitten!)).toBeGreaterThan(cosineSimilarity(cat!, revenue!));
  });

  it('fails with a clear error on a folder without a model', async () => {
    await expect(createModel2VecEmbedder(path.join(repoRoot, 'no-such-model'))).rejects.toThrow(
      /cannot read/,
    );
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 for orthogonal or zero vectors, -1 for opposite', () => {
    const a = new Float32Array([1, 2, 3]);
    expect(cosineSimilarity(a, new Float32Array([2, 4, 6]))).toBeCloseTo(1, 6);
    expect(cosineSimilarity(new Float32Array([1, 0]), new Float32Array([0, 1]))).toBe(0);
    expect(cosineSimilarity(a, new Float32Array(3))).toBe(0);
    expect(cosineSimilarity(a, new Float32Array([-1, -2, -3]))).toBeCloseTo(-1, 6);
  });

  it('refuses vectors of different sizes', () => {
    expect(() => cosineSimilarity(new Float32Array(2), new Float32Array(3))).toThrow(RangeError);
  });
});
