import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatMLChatWrapper } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModel, ProviderStreamEvent } from '../../src/models/language-model.ts';
import { loadedModelCount } from '../../src/models/local/loaded-model.ts';
import { createLocalModel } from '../../src/models/providers/local.ts';
import type { GenerateRequest, Message, ModelParams } from '../../src/spec/model.ts';
import { PlumeError } from '../../src/util/errors.ts';

// The shared folder sits next to the repository, here and in CI.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STORIES = resolve(repoRoot, '../shared/models/stories260K/stories260K.gguf');
// One thread: the test machines are small and shared, and llama.cpp threads spin when starved.
const SETTINGS = { modelPath: STORIES, threads: 1, contextSize: 256, sequences: 4 };
const PROMPTS = ['Once upon a time', 'The cat', 'Lily saw a', 'One day, Tom', 'The sun was', 'Ben had a'];

function request(content: string | Message[], params: ModelParams = {}): GenerateRequest {
  const messages = typeof content === 'string' ? [{ role: 'user' as const, content }] : content;
  return { messages, params: { temperature: 0, maxTokens: 24, ...params } };
}

async function collect(stream: AsyncIterable<ProviderStreamEvent>) {
  const chunks: string[] = [];
  for await (const event of stream) {
    if (event.type === 'finish') return { chunks, result: event.result };
    chunks.push(event.text);
  }
  throw new Error('the stream ended without a finish event');
}

let model: LanguageModel;

beforeAll(async () => {
  model = await createLocalModel(SETTINGS);
});

afterAll(async () => {
  await model?.close?.();
});

describe('local model: identity', () => {
  it('is named after its file and says what it can do', () => {
    expect(model.id).toBe('local:stories260K');
    expect(model.provider).toBe('local');
    expect(model.modelName).toBe('stories260K');
    expect(model.capabilities).toEqual({ streaming: true, seed: true, local: true });
  });
});

describe('local model: sampling', () => {
  it('gives the same text twice at temperature 0', async () => {
    const first = await model.generate(request('Once upon a time'));
    const second = await model.generate(request('Once upon a time'));
    expect(first.text.length).toBeGreaterThan(10);
    expect(second.text).toBe(first.text);
  });

  it('honours the seed at temperature 1: same seed, same sample; other seeds, other samples', async () => {
    const sample = (seed: number) =>
      model.generate(request('Once upon a time', { temperature: 1, seed, maxTokens: 40 }));
    const [a, again, b, c] = await Promise.all([sample(1), sample(1), sample(2), sample(3)]);
    expect(again.text).toBe(a.text);
    expect(new Set([a.text, b.text, c.text]).size).toBeGreaterThan(1);
  });

  it('stops at a stop sequence, leaving it out', async () => {
    const full = await model.generate(request('Once upon a time', { maxTokens: 40 }));
    expect(full.text).toContain('Lily');
    const stopped = await model.generate(request('Once upon a time', { maxTokens: 40, stop: ['Lily'] }));
    expect(stopped.finishReason).toBe('stop');
    // Stops are found in the decoded text but cut at token boundaries: the space that the
    // " Lily" token carries goes with it.
    expect(stopped.text.trimEnd()).toBe(full.text.slice(0, full.text.indexOf('Lily')).trimEnd());
    expect(stopped.usage.outputTokens).toBeLessThan(full.usage.outputTokens);
  });
});

describe('local model: batching', () => {
  it('answers concurrent requests exactly as it answers them one at a time', async () => {
    const alone: string[] = [];
    for (const prompt of PROMPTS) alone.push((await model.generate(request(prompt, { maxTokens: 40 }))).text);
    // Six requests for four sequences: two wait for a free one. (llama.cpp's batched kernels
    // round differently from single-token ones, so a long answer can differ at a near-tie;
    // these prompts have none in 40 tokens: 240 of 240 matched in a stress run.)
    const together = await Promise.all(
      PROMPTS.map((prompt) => model.generate(request(prompt, { maxTokens: 40 }))),
    );
    expect(together.map((result) => result.text)).toEqual(alone);
    expect(new Set(alone).size).toBe(PROMPTS.length);
  });

  it('shares one loaded model and context between models of the same file and settings', async () => {
    const before = loadedModelCount();
    const twin = await createLocalModel(SETTINGS);
    expect(loadedModelCount()).toEqual(before);
    const [mine, theirs] = await Promise.all([
      model.generate(request('The cat')),
      twin.generate(request('The cat')),
    ]);
    expect(theirs.text).toBe(mine.text);
    await twin.close?.();
    expect(loadedModelCount()).toEqual(before);
    await expect(twin.generate(request('The cat'))).rejects.toThrow(/after close/);
  });
});

describe('local model: limits and usage', () => {
  it('stops at maxTokens with finishReason length', async () => {
    const result = await model.generate(request('Once upon a time', { maxTokens: 7 }));
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBe(7);
  });

  it('counts input tokens with the model tokenizer, beginning-of-text token included', async () => {
    // SentencePiece vocab of 512: <s>, then "O" "n" "ce" " upon" " a" " time".
    const one = await model.generate(request('Once upon a time', { maxTokens: 1 }));
    expect(one.usage).toEqual({ inputTokens: 7, outputTokens: 1 });
    // Messages are joined by a blank line ("\n" "\n"), so two messages cost their parts plus two.
    const two = await model.generate(
      request(
        [
          { role: 'system', content: 'Once upon a time' },
          { role: 'user', content: 'Once upon a time' },
        ],
        { maxTokens: 1 },
      ),
    );
    expect(two.usage.inputTokens).toBeGreaterThan(one.usage.inputTokens + 2);
  });

  it('stops when prompt and answer fill the context, without dropping the prompt', async () => {
    const prompt = 'the cat sat on the mat. '.repeat(20);
    const result = await model.generate(request(prompt, { maxTokens: 500 }));
    expect(result.finishReason).toBe('length');
    expect(result.usage.inputTokens + result.usage.outputTokens).toBe(256);
  });

  it('refuses a prompt longer than the context, saying by how much and how to fix it', async () => {
    const error = await model
      .generate(request('the cat sat on the mat. '.repeat(40)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlumeError);
    const plume = error as PlumeError;
    expect(plume.code).toBe('PROMPT_TOO_LONG');
    expect(plume.message).toMatch(/prompt is \d+ tokens .* context of 256 tokens/);
    expect(plume.message).not.toContain('cat sat');
    expect(plume.hint).toContain('local.contextSize');
  });
});

describe('local model: streaming and abort', () => {
  it('streams chunks that add up to the final text', async () => {
    const { chunks, result } = await collect(model.stream(request('Once upon a time')));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(result.text);
    expect(result.text).toBe((await model.generate(request('Once upon a time'))).text);
  });

  it('stops generating when the signal aborts, keeping what was written', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    let finish: ProviderStreamEvent | undefined;
    for await (const event of model.stream(request('Once upon a time', { maxTokens: 200 }), controller)) {
      if (event.type === 'text') {
        chunks.push(event.text);
        controller.abort();
      } else finish = event;
    }
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.result.finishReason).toBe('abort');
    expect(finish.result.usage.outputTokens).toBeLessThan(20);
    expect(finish.result.text).toBe(chunks.join(''));
  });

  it('answers an already aborted call with finishReason abort and no tokens', async () => {
    const result = await model.generate(request('Once upon a time'), { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ text: '', finishReason: 'abort', usage: { outputTokens: 0 } });
  });

  it('gives the sequence back when a reader stops early', async () => {
    for (let round = 0; round < 6; round++) {
      for await (const event of model.stream(request('The cat', { maxTokens: 100 }))) {
        if (event.type === 'text') break;
      }
    }
    // Six abandoned streams and four sequences: this would wait forever if any were kept.
    const results = await Promise.all(PROMPTS.slice(0, 4).map((prompt) => model.generate(request(prompt))));
    expect(results.every((result) => result.finishReason === 'length')).toBe(true);
  });
});

describe('local model: prompt formats', () => {
  it('follows an output schema with a JSON grammar', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const result = await model.generate({
      ...request('Once upon a time', { maxTokens: 60 }),
      outputSchema: schema,
    });
    expect(result.finishReason).toBe('stop');
    expect(JSON.parse(result.text)).toHaveProperty('name');
  });

  it('prompts through a chat template when there is one, continuing a trailing assistant message', async () => {
    const chat = await createLocalModel({ ...SETTINGS, chatWrapper: new ChatMLChatWrapper() });
    try {
      const messages: Message[] = [
        { role: 'user', content: 'Tell me a story.' },
        { role: 'assistant', content: 'Once upon a time' },
      ];
      const result = await chat.generate(request(messages));
      const plain = await model.generate(request(messages));
      // The template's markers make the chat prompt longer than the plain text rendering.
      expect(result.usage.inputTokens).toBeGreaterThan(plain.usage.inputTokens + 10);
      expect(result.text.startsWith('Once upon a time')).toBe(false);
      expect(result.text.length).toBeGreaterThan(0);
      const { chunks, result: streamed } = await collect(chat.stream(request(messages)));
      expect(chunks.join('')).toBe(streamed.text);
      expect(streamed.text).toBe(result.text);
    } finally {
      await chat.close?.();
    }
  });
});

describe('local model: missing file', () => {
  it('says which file is missing and how to fix it', async () => {
    const missing = resolve(repoRoot, '../shared/models/no-such-model.gguf');
    const error = await createLocalModel({ ...SETTINGS, modelPath: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlumeError);
    expect((error as PlumeError).code).toBe('MODEL_UNAVAILABLE');
    expect((error as PlumeError).message).toContain(missing);
    expect((error as PlumeError).hint).toMatch(/PLUME_LOCAL_MODEL/);
  });
});
