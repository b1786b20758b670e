import type { LLamaContextualRepeatPenalty, LlamaGrammar } from 'node-llama-cpp';
import type { ModelParams } from '../../spec/model.ts';
import type { GenerationOptions, StopReason } from './prompt-format.ts';

/** What the call adds to the request's parameters. */
export interface GenerationCall {
  /** Already capped so that prompt and answer fit in one sequence. */
  maxTokens: number;
  signal?: AbortSignal;
  onTextChunk?: (text: string) => void;
  grammar?: LlamaGrammar;
}

/**
 * plume's model parameters as node-llama-cpp options. Unset sampling parameters keep
 * node-llama-cpp's defaults: temperature 0 (greedy, deterministic), topK 40, topP 0.95, and a
 * mild repeat penalty (1.1 over the last 64 tokens) to which presence and frequency penalties add.
 * Stop sequences are matched in the decoded text, and the answer ends before the token in which
 * one starts: a space carried by that token (" Lily") is left out too.
 */
export function generationOptions(params: ModelParams, call: GenerationCall): GenerationOptions {
  const stop = params.stop?.filter((trigger) => trigger !== '');
  return {
    maxTokens: call.maxTokens,
    temperature: params.temperature,
    topP: params.topP,
    topK: params.topK,
    seed: params.seed,
    customStopTriggers: stop === undefined || stop.length === 0 ? undefined : stop,
    repeatPenalty: repeatPenalty(params),
    grammar: call.grammar,
    signal: call.signal,
    // An abort ends the answer where it is (finishReason 'abort') instead of throwing it away.
    stopOnAbortSignal: true,
    onTextChunk: call.onTextChunk,
  };
}

function repeatPenalty(params: ModelParams): LLamaContextualRepeatPenalty | undefined {
  if (params.presencePenalty === undefined && params.frequencyPenalty === undefined) return undefined;
  return { presencePenalty: params.presencePenalty, frequencyPenalty: params.frequencyPenalty };
}

/** plume's finish reasons: 'stop' (end of text or a stop sequence), 'length' (maxTokens or the context is full), 'abort'. */
export function finishReason(stopReason: StopReason): 'stop' | 'length' | 'abort' {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'abort') return 'abort';
  return 'stop';
}
