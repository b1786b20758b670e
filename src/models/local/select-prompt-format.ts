import type { ChatWrapper, LlamaModel } from 'node-llama-cpp';
import { chatPromptFormat } from './chat-prompt-format.ts';
import { completionPromptFormat } from './completion-prompt-format.ts';
import type { PromptFormat } from './prompt-format.ts';

/**
 * The chat template when the GGUF file declares one (`tokenizer.chat_template`; node-llama-cpp
 * picks the matching chat wrapper), else plain completion: a model without a template is a base
 * model that continues text rather than answering turns. `chatWrapper` forces the chat path.
 */
export function selectPromptFormat(model: LlamaModel, chatWrapper?: ChatWrapper): PromptFormat {
  if (chatWrapper !== undefined) return chatPromptFormat(model, chatWrapper);
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof template === 'string' && template.trim() !== '') return chatPromptFormat(model, 'auto');
  return completionPromptFormat(model);
}
