import {
  type ChatHistoryItem,
  type ChatWrapper,
  LlamaChat,
  type LlamaModel,
  resolveChatWrapper,
} from 'node-llama-cpp';
import type { Message } from '../../spec/model.ts';
import type { PreparedPrompt, PromptFormat } from './prompt-format.ts';

/**
 * Prompting through the model's chat template. A trailing assistant message is a prefill: the
 * model continues it, and the answer holds only what it added.
 */
export function chatPromptFormat(model: LlamaModel, chatWrapper: ChatWrapper | 'auto'): PromptFormat {
  const wrapper = chatWrapper === 'auto' ? resolveChatWrapper(model) : chatWrapper;
  return {
    kind: 'chat',
    prepare(messages): PreparedPrompt {
      const history = toChatHistory(messages);
      const { contextText } = wrapper.generateContextState({ chatHistory: history });
      return {
        inputTokens: contextText.tokenize(model.tokenizer).length,
        async generate(sequence, options) {
          const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: wrapper });
          try {
            const { response, metadata } = await chat.generateResponse(history, options);
            return { text: response, stopReason: metadata.stopReason };
          } finally {
            chat.dispose();
          }
        },
      };
    },
  };
}

/** plume messages as node-llama-cpp chat history, ending with the model turn to generate. */
export function toChatHistory(messages: readonly Message[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'model', response: [message.content] };
  });
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}
