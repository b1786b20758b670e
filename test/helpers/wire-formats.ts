// The answer documents of each provider's wire format, for the local stub (openai-stub-server.ts):
// which format a request path speaks, the text of its last message, and its success and error bodies.

/** A provider wire format the stub speaks. */
export type WireFormat = 'openai' | 'anthropic' | 'google' | 'ollama';

/** What a success body carries. */
export interface WireAnswer {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** In OpenAI's words: stop, length, content_filter, tool_calls. */
  finishReason: string;
  model: string;
  index: number;
  /** Token log-probabilities, sent (OpenAI's format only) when the request asked for them. */
  logProbs?: readonly number[];
}

/** The format of a request path: OpenAI and Mistral chat completions, Anthropic messages, Gemini, Ollama. */
export function wireFormatOf(path: string): WireFormat | undefined {
  if (path.endsWith('/chat/completions')) return 'openai';
  if (path.endsWith('/messages')) return 'anthropic';
  if (/:generateContent(\?|$)/.test(path)) return 'google';
  if (path.endsWith('/api/chat')) return 'ollama';
  return undefined;
}

/** The texts of a request body's messages, in order, whatever the format. */
export function messageTexts(format: WireFormat, body: Record<string, unknown>): string[] {
  if (format === 'google') {
    const contents = (body.contents ?? []) as { parts?: { text?: string }[] }[];
    return contents.map((content) => (content.parts ?? []).map((part) => part.text ?? '').join(''));
  }
  const messages = (body.messages ?? []) as { content?: unknown }[];
  return messages.map((message) => textOf(message.content));
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part: { text?: unknown }) => String(part.text ?? '')).join('');
  return JSON.stringify(content ?? '');
}

const ANTHROPIC_STOP: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
};
const GOOGLE_STOP: Record<string, string> = { stop: 'STOP', length: 'MAX_TOKENS', content_filter: 'SAFETY' };

/** The non-streamed success body of `format`. */
export function answerBody(format: WireFormat, answer: WireAnswer): unknown {
  const { text, promptTokens, completionTokens, finishReason, model, index, logProbs } = answer;
  switch (format) {
    case 'openai':
      return {
        id: `chatcmpl-stub-${index}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text },
            finish_reason: finishReason,
            ...(logProbs === undefined ? {} : { logprobs: openaiLogProbs(logProbs) }),
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      };
    case 'anthropic':
      return {
        id: `msg_stub_${index}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text }],
        stop_reason: ANTHROPIC_STOP[finishReason] ?? finishReason,
        stop_sequence: null,
        usage: { input_tokens: promptTokens, output_tokens: completionTokens },
      };
    case 'google':
      return {
        candidates: [
          {
            content: { role: 'model', parts: [{ text }] },
            finishReason: GOOGLE_STOP[finishReason] ?? 'OTHER',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: promptTokens,
          candidatesTokenCount: completionTokens,
          totalTokenCount: promptTokens + completionTokens,
        },
        modelVersion: model,
      };
    case 'ollama':
      return {
        model,
        created_at: '2025-01-01T00:00:00Z',
        message: { role: 'assistant', content: text },
        done: true,
        done_reason: finishReason,
        prompt_eval_count: promptTokens,
        eval_count: completionTokens,
      };
  }
}

/** The error body of `format` for a non-2xx answer. */
export function errorBody(format: WireFormat | undefined, status: number, message: string): unknown {
  switch (format) {
    case 'anthropic':
      return { type: 'error', error: { type: 'api_error', message } };
    case 'google':
      return { error: { code: status, message, status: 'UNAVAILABLE' } };
    case 'ollama':
      return { error: message };
    default:
      return { error: { message, type: 'stub_error', code: status } };
  }
}

// As OpenAI sends them (the AI SDK's schema requires `top_logprobs`).
function openaiLogProbs(logProbs: readonly number[]) {
  return {
    content: logProbs.map((logprob, index) => ({ token: `t${index}`, logprob, top_logprobs: [] })),
  };
}
