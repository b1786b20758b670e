import type { GenerateRequest, ModelParams, ProviderResult } from '../../spec/model.ts';
import { tokenLogProbs } from './chat-completions.ts';
import type { ProviderOptions, SdkLanguageModel } from './sdk-providers.ts';

/** An AI SDK model of the provider contract's current version (every provider package plume uses). */
type SdkModelV4 = Extract<SdkLanguageModel, { specificationVersion: 'v4' }>;
type CallOptions = Parameters<SdkModelV4['doGenerate']>[0];

/**
 * One plain call (no output schema, not streamed) through the provider's own `doGenerate`, without
 * generateText: the provider package still builds the request and reads the answer (the same body,
 * headers, response checks, usage, finish reasons and error types), but the SDK core's per-call
 * machinery (prompt standardization, step and tool loop, telemetry, output assembly) is skipped,
 * which was a third of a plain call's CPU. plume's middleware does the retries, as with generateText.
 */
export async function generateDirect(
  model: SdkLanguageModel,
  request: GenerateRequest,
  providerOptions: ProviderOptions | undefined,
  signal: AbortSignal | undefined,
): Promise<ProviderResult> {
  const result = await (model as SdkModelV4).doGenerate({
    ...callSettings(request.params),
    prompt: promptOf(request),
    providerOptions: providerOptions as CallOptions['providerOptions'],
    abortSignal: signal,
  });
  let text = '';
  for (const part of result.content) if (part.type === 'text') text += part.text;
  // OpenAI's provider returns token log-probabilities in its metadata when asked; others none.
  const logProbs = tokenLogProbs(result.providerMetadata?.openai?.logprobs);
  return {
    text,
    usage: {
      inputTokens: result.usage.inputTokens.total ?? 0,
      outputTokens: result.usage.outputTokens.total ?? 0,
    },
    finishReason: result.finishReason.unified,
    ...(logProbs === undefined ? {} : { logProbs }),
  };
}

/** Whether `model` takes calls through doGenerate of the current contract. */
export function takesDirectCalls(model: SdkLanguageModel): boolean {
  return typeof model === 'object' && model.specificationVersion === 'v4';
}

/** The generateText settings of these parameters, as the provider contract names them. */
export function callSettings(params: ModelParams) {
  return {
    temperature: params.temperature,
    maxOutputTokens: params.maxTokens,
    topP: params.topP,
    topK: params.topK,
    seed: params.seed,
    stopSequences: params.stop,
    presencePenalty: params.presencePenalty,
    frequencyPenalty: params.frequencyPenalty,
  };
}

/** The messages as generateText hands them to a provider: a system message's text, others' text parts. */
function promptOf(request: GenerateRequest): CallOptions['prompt'] {
  return request.messages.map((message) =>
    message.role === 'system'
      ? { role: 'system', content: message.content }
      : { role: message.role, content: [{ type: 'text', text: message.content }] },
  );
}
