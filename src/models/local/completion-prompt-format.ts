import { LlamaCompletion, type LlamaModel, LlamaVocabularyType, type Token } from 'node-llama-cpp';
import type { Message } from '../../spec/model.ts';
import type { PreparedPrompt, PromptFormat } from './prompt-format.ts';

/**
 * The text a model without a chat template reads: the messages' contents, whatever their role,
 * joined by one blank line (`\n\n`), with no role labels and nothing after the last message. A
 * base model continues that text; a trailing assistant message is therefore continued as-is.
 */
export function renderCompletionPrompt(messages: readonly Message[]): string {
  return messages.map((message) => message.content).join('\n\n');
}

/** Plain text completion over {@link renderCompletionPrompt}, for models without a chat template. */
export function completionPromptFormat(model: LlamaModel): PromptFormat {
  const prependsBeginning = prependsBeginningToken(model);
  return {
    kind: 'completion',
    prepare(messages): PreparedPrompt {
      // Tokenized here, as LlamaCompletion would, so the count is exact and checked before any work.
      const tokens = model.tokenize(
        renderCompletionPrompt(messages),
        false,
        prependsBeginning ? 'trimLeadingSpace' : undefined,
      );
      return {
        inputTokens: tokens.length + (prependsBeginning ? 1 : 0),
        generate: (sequence, options) => complete(tokens, sequence, options),
      };
    },
  };
}

async function complete(
  tokens: Token[],
  sequence: Parameters<PreparedPrompt['generate']>[0],
  options: Parameters<PreparedPrompt['generate']>[1],
): ReturnType<PreparedPrompt['generate']> {
  const completion = new LlamaCompletion({ contextSequence: sequence });
  try {
    // No context shift: the caller has checked that the prompt fits and capped maxTokens, and
    // a shift would silently drop the start of the prompt. contextShiftSize 1 keeps
    // LlamaCompletion from trimming a prompt that fills more than 90% of the context.
    const { response, metadata } = await completion.generateCompletionWithMeta(tokens, {
      ...options,
      disableContextShift: true,
      contextShiftSize: 1,
    });
    return { text: response, stopReason: metadata.stopReason };
  } finally {
    completion.dispose();
  }
}

// Mirrors node-llama-cpp's rule for the token it puts before a completion prompt.
function prependsBeginningToken(model: LlamaModel): boolean {
  if (model.tokens.bos === null) return false;
  switch (model.vocabularyType) {
    case LlamaVocabularyType.rwkv:
    case LlamaVocabularyType.ugm:
      return false;
    case LlamaVocabularyType.wpm:
      return true;
    default:
      return model.tokens.shouldPrependBosToken;
  }
}
