import type { Message, ProviderResult } from '../../spec/model.ts';
import type { LanguageModel } from '../language-model.ts';

/**
 * What echo answers: the content of the only message when the request holds a single user
 * message; otherwise every message as a `role: content` line, in order, joined by newlines.
 */
export function renderEcho(messages: readonly Message[]): string {
  const only = messages.length === 1 ? messages[0] : undefined;
  if (only?.role === 'user') return only.content;
  return messages.map((message) => `${message.role}: ${message.content}`).join('\n');
}

/** An approximation, not a tokenizer: one token per four characters, rounded up. */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The echo provider: returns the rendered prompt (see renderEcho) for testing suites without a model.
 * Token counts are approximate (approximateTokens over the message contents and the answer).
 */
export function createEchoModel(modelName: string): LanguageModel {
  const answer = (messages: readonly Message[], signal?: AbortSignal): ProviderResult => {
    signal?.throwIfAborted();
    const text = renderEcho(messages);
    let inputTokens = 0;
    for (const message of messages) inputTokens += approximateTokens(message.content);
    return { text, usage: { inputTokens, outputTokens: approximateTokens(text) }, finishReason: 'stop' };
  };
  return {
    id: `echo:${modelName}`,
    provider: 'echo',
    modelName,
    capabilities: { streaming: true, seed: true, local: true },
    async generate(request, options) {
      return answer(request.messages, options?.signal);
    },
    async *stream(request, options) {
      const result = answer(request.messages, options?.signal);
      // Word by word, so consumers of a stream see more than one delta.
      for (const piece of result.text.match(/\s+|\S+\s*/g) ?? []) {
        options?.signal?.throwIfAborted();
        yield { type: 'text', text: piece };
      }
      yield { type: 'finish', result };
    },
  };
}
