import type { GenerateRequest, ProviderResult } from '../../spec/model.ts';
import { isPlumeError, PlumeError } from '../../util/errors.ts';
import { finishReason, generationOptions } from './generation-options.ts';
import type { JsonSchemaGrammars } from './json-schema-grammar.ts';
import type { LoadedModel } from './loaded-model.ts';
import type { PromptFormat } from './prompt-format.ts';

/** One local model as the generation needs it. */
export interface LocalGenerationTarget {
  /** `local:<name>`, for error messages. */
  id: string;
  loaded: LoadedModel;
  format: PromptFormat;
  grammars: JsonSchemaGrammars;
}

/** Per-call hooks. */
export interface LocalGenerationCall {
  signal?: AbortSignal | undefined;
  onTextChunk?: (text: string) => void;
}

/**
 * Run one request on a free sequence of the shared context, waiting for one when all are busy.
 * Requests running at the same time are batched together by node-llama-cpp. Usage is counted
 * with the model's tokenizer: the rendered prompt's tokens, and the tokens generated.
 */
export async function localGeneration(
  target: LocalGenerationTarget,
  request: GenerateRequest,
  call: LocalGenerationCall = {},
): Promise<ProviderResult> {
  const { loaded } = target;
  const prompt = target.format.prepare(request.messages);
  const room = loaded.contextSize - prompt.inputTokens;
  if (room < 1) throw promptTooLong(target, prompt.inputTokens);
  const grammar =
    request.outputSchema === undefined ? undefined : await target.grammars.get(request.outputSchema);
  const aborted: ProviderResult = {
    text: '',
    usage: { inputTokens: prompt.inputTokens, outputTokens: 0 },
    finishReason: 'abort',
  };
  const sequence = await loaded.pool.acquire(call.signal);
  if (sequence === undefined) return aborted;
  try {
    const generatedBefore = sequence.tokenMeter.usedOutputTokens;
    const maxTokens = Math.min(request.params.maxTokens ?? room, room);
    const options = generationOptions(request.params, { maxTokens, grammar, ...call });
    const { text, stopReason } = await prompt.generate(sequence, options);
    return {
      text,
      usage: {
        inputTokens: prompt.inputTokens,
        outputTokens: sequence.tokenMeter.usedOutputTokens - generatedBefore,
      },
      finishReason: finishReason(stopReason),
    };
  } catch (error) {
    // Aborted before the first token: node-llama-cpp throws the signal's reason.
    if (call.signal?.aborted) return aborted;
    throw isPlumeError(error)
      ? error
      : new PlumeError({
          code: 'LOCAL_MODEL',
          message: `The local model ${target.id} failed while generating.`,
          hint: 'Run again; if it keeps failing, lower local.sequences or local.contextSize in plume.yaml.',
          cause: error,
        });
  } finally {
    await loaded.pool.release(sequence);
  }
}

function promptTooLong(target: LocalGenerationTarget, inputTokens: number): PlumeError {
  const { contextSize, model } = target.loaded;
  return new PlumeError({
    code: 'PROMPT_TOO_LONG',
    message: `The prompt is ${inputTokens} tokens but the local model ${target.id} has a context of ${contextSize} tokens per sequence, which must also hold the answer.`,
    hint: `Raise local.contextSize in plume.yaml (this model was trained on up to ${model.trainContextSize} tokens), or shorten the prompt.`,
  });
}
