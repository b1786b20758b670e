import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLoadedModel, type LoadedModel } from '../../src/models/local/loaded-model.ts';
import type { Lease } from '../../src/models/local/ref-counted-cache.ts';
import { createLocalModel } from '../../src/models/providers/local.ts';

// A 1-layer LLaMA with random weights and the real 32k Llama-2 vocabulary: its output is
// gibberish, so only loading and token counts are checked.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TINY_RANDOM = resolve(repoRoot, '../shared/models/llama-2-tiny-random/llama-2-tiny-random.gguf');
const SETTINGS = { modelPath: TINY_RANDOM, threads: 1, contextSize: 256, sequences: 2, gpu: false };

let lease: Lease<LoadedModel>;

beforeAll(async () => {
  lease = await acquireLoadedModel(SETTINGS);
});

afterAll(async () => {
  await lease?.release();
});

describe('local model with a large vocabulary', () => {
  it('loads the 32k-token Llama-2 vocabulary, with no chat template', () => {
    const { model } = lease.value;
    expect(model.fileInfo.metadata.tokenizer.ggml.tokens).toHaveLength(32000);
    expect(model.fileInfo.metadata.tokenizer.chat_template).toBeUndefined();
    // Llama-2's own ids for "▁Hello" and "▁world".
    expect(model.tokenize('Hello world')).toEqual([15043, 3186]);
    expect(model.detokenize(model.tokenize('Hello world'))).toBe('Hello world');
  });

  it('counts the prompt and the answer in that vocabulary', async () => {
    const local = await createLocalModel(SETTINGS);
    try {
      expect(local.id).toBe('local:llama-2-tiny-random');
      const result = await local.generate({
        messages: [{ role: 'user', content: 'Hello world' }],
        params: { temperature: 0, maxTokens: 5 },
      });
      // <s> "Hello" " world"
      expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 5 });
      expect(result.finishReason).toBe('length');
    } finally {
      await local.close?.();
    }
  });
});
