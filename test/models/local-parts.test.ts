import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProviderStreamEvent } from '../../src/models/language-model.ts';
import { toChatHistory } from '../../src/models/local/chat-prompt-format.ts';
import { renderCompletionPrompt } from '../../src/models/local/completion-prompt-format.ts';
import { downloadProgressBar } from '../../src/models/local/download-progress-bar.ts';
import { finishReason, generationOptions } from '../../src/models/local/generation-options.ts';
import { RefCountedCache } from '../../src/models/local/ref-counted-cache.ts';
import { textStream } from '../../src/models/local/text-stream.ts';
import type { ProviderResult } from '../../src/spec/model.ts';

const RESULT: ProviderResult = {
  text: 'ab',
  usage: { inputTokens: 1, outputTokens: 2 },
  finishReason: 'stop',
};

async function events(stream: AsyncIterable<ProviderStreamEvent>): Promise<ProviderStreamEvent[]> {
  const all: ProviderStreamEvent[] = [];
  for await (const event of stream) all.push(event);
  return all;
}

describe('prompt rendering', () => {
  it('joins message contents with a blank line, without role labels, for models without a template', () => {
    const text = renderCompletionPrompt([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Once upon a time' },
      { role: 'assistant', content: 'there was' },
    ]);
    expect(text).toBe('Be brief.\n\nOnce upon a time\n\nthere was');
  });

  it('maps messages to chat history, adding the model turn to generate unless one is prefilled', () => {
    expect(
      toChatHistory([
        { role: 'system', content: 's' },
        { role: 'user', content: 'u' },
      ]),
    ).toEqual([
      { type: 'system', text: 's' },
      { type: 'user', text: 'u' },
      { type: 'model', response: [] },
    ]);
    expect(
      toChatHistory([
        { role: 'user', content: 'u' },
        { role: 'assistant', content: 'a' },
      ]),
    ).toEqual([
      { type: 'user', text: 'u' },
      { type: 'model', response: ['a'] },
    ]);
  });
});

describe('generation options', () => {
  it('maps plume parameters to node-llama-cpp options', () => {
    const options = generationOptions(
      { temperature: 0.7, topP: 0.9, topK: 20, seed: 3, stop: ['\n', ''], presencePenalty: 0.5 },
      { maxTokens: 12 },
    );
    expect(options).toMatchObject({
      maxTokens: 12,
      temperature: 0.7,
      topP: 0.9,
      topK: 20,
      seed: 3,
      customStopTriggers: ['\n'],
      repeatPenalty: { presencePenalty: 0.5 },
      stopOnAbortSignal: true,
    });
    expect(generationOptions({}, { maxTokens: 1 })).toMatchObject({
      repeatPenalty: undefined,
      customStopTriggers: undefined,
    });
  });

  it('names finish reasons as plume does', () => {
    expect(finishReason('eogToken')).toBe('stop');
    expect(finishReason('customStopTrigger')).toBe('stop');
    expect(finishReason('maxTokens')).toBe('length');
    expect(finishReason('abort')).toBe('abort');
  });
});

describe('textStream', () => {
  it('yields the chunks in order, then the result', async () => {
    const stream = textStream(async (onText) => {
      onText('a');
      await new Promise((resolve) => setTimeout(resolve, 5));
      onText('');
      onText('b');
      return RESULT;
    });
    expect(await events(stream)).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
      { type: 'finish', result: RESULT },
    ]);
  });

  it('passes the error of a failed run to the reader', async () => {
    const stream = textStream(async () => {
      throw new Error('boom');
    });
    await expect(events(stream)).rejects.toThrow('boom');
  });

  it('aborts the run when the reader stops early', async () => {
    let aborted = false;
    const stream = textStream(
      (onText, signal) =>
        new Promise((resolve) => {
          onText('a');
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve(RESULT);
          });
        }),
    );
    for await (const _event of stream) break;
    expect(aborted).toBe(true);
  });
});

describe('RefCountedCache', () => {
  it('creates once per key, disposes after the last release, and retries a failed creation', async () => {
    const disposed: string[] = [];
    const cache = new RefCountedCache<string>(async (value) => {
      disposed.push(value);
    });
    let created = 0;
    const create = async () => `value-${++created}`;
    const [a, b] = await Promise.all([cache.acquire('k', create), cache.acquire('k', create)]);
    expect([a.value, b.value, created]).toEqual(['value-1', 'value-1', 1]);
    await a.release();
    await a.release();
    expect(disposed).toEqual([]);
    await b.release();
    expect(disposed).toEqual(['value-1']);
    expect(cache.size).toBe(0);
    await expect(cache.acquire('k', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect((await cache.acquire('k', create)).value).toBe('value-2');
  });
});

describe('downloadProgressBar', () => {
  class Sink extends Writable {
    text = '';
    isTTY: boolean;
    constructor(isTTY: boolean) {
      super();
      this.isTTY = isTTY;
    }
    override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
      this.text += chunk.toString();
      done();
    }
    cursorTo(): boolean {
      return true;
    }
    clearLine(): boolean {
      return true;
    }
    moveCursor(): boolean {
      return true;
    }
    get columns(): number {
      return 100;
    }
  }

  it('draws nothing when the stream is not a terminal', () => {
    const sink = new Sink(false);
    const bar = downloadProgressBar('model', sink as unknown as NodeJS.WriteStream);
    bar.update({ downloadedBytes: 5_000_000, totalBytes: 10_000_000 });
    bar.stop();
    expect(sink.text).toBe('');
  });

  it('draws the share done on a terminal', () => {
    const sink = new Sink(true);
    const bar = downloadProgressBar('model', sink as unknown as NodeJS.WriteStream);
    bar.update({ downloadedBytes: 5_000_000, totalBytes: 10_000_000 });
    bar.update({ downloadedBytes: 10_000_000, totalBytes: 10_000_000 });
    expect(sink.text).toContain('model');
    expect(sink.text).toContain('100%');
    expect(sink.text).toContain('10/10 MB');
  });
});
