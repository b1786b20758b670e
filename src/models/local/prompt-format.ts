import type { LlamaCompletionGenerationOptions, LlamaContextSequence } from 'node-llama-cpp';
import type { Message } from '../../spec/model.ts';

/** The node-llama-cpp generation options plume sets; both the chat and the completion APIs accept them. */
export type GenerationOptions = Pick<
  LlamaCompletionGenerationOptions,
  | 'maxTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'seed'
  | 'customStopTriggers'
  | 'repeatPenalty'
  | 'grammar'
  | 'signal'
  | 'stopOnAbortSignal'
  | 'onTextChunk'
>;

/** Why node-llama-cpp stopped generating. */
export type StopReason =
  | 'eogToken'
  | 'stopGenerationTrigger'
  | 'customStopTrigger'
  | 'functionCalls'
  | 'maxTokens'
  | 'abort';

/** Messages turned into what one model reads, ready to run on a sequence. */
export interface PreparedPrompt {
  /** Tokens the model reads before it generates, counted with its own tokenizer (special tokens included). */
  readonly inputTokens: number;
  generate(
    sequence: LlamaContextSequence,
    options: GenerationOptions,
  ): Promise<{ text: string; stopReason: StopReason }>;
}

/** How a model is prompted: through its chat template, or as plain text completion. */
export interface PromptFormat {
  readonly kind: 'chat' | 'completion';
  prepare(messages: readonly Message[]): PreparedPrompt;
}
