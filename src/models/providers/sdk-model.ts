import type { LanguageModelUsage, OutputInterface } from 'ai';
import type { GenerateRequest, ModelParams, ProviderResult } from '../../spec/model.ts';
import { PlumeError } from '../../util/errors.ts';
import type { LanguageModel, ModelCapabilities } from '../language-model.ts';
import { postChatCompletion, tokenLogProbs } from './chat-completions.ts';
import type { ErrorContext } from './sdk-error.ts';
import { callSettings, generateDirect, takesDirectCalls } from './sdk-generate.ts';
import { chatEndpointOf, type ProviderOptions, type SdkLanguageModel } from './sdk-providers.ts';

// The SDK's core and the error mapping (which needs its error classes) load on first use: a run
// whose calls all take the plain chat-completions path never parses them unless a call fails.
const loadSdk = () => import('ai');
const mapError = async (error: unknown, context: ErrorContext): Promise<unknown> =>
  (await import('./sdk-error.ts')).toPlumeError(error, context);

// The AI SDK logs a warning to the console for each unsupported setting (seed on Anthropic, ...).
// plume reports capabilities instead, and a console line per call would bury the CLI's output.
const sdkGlobals = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
sdkGlobals.AI_SDK_LOG_WARNINGS ??= false;

export interface SdkModelOptions {
  id: string;
  provider: string;
  modelName: string;
  model: SdkLanguageModel;
  /** The same model over node:http (httpFetch), for the calls that are not streamed. */
  generateModel?: SdkLanguageModel;
  capabilities: ModelCapabilities;
  errors: ErrorContext;
  /** Provider-specific options derived from the parameters (see SdkProvider.providerOptions). */
  providerOptions?: (params: ModelParams) => ProviderOptions;
}

/**
 * A plume LanguageModel over an AI SDK model, through generateText and streamText. It translates
 * requests, results and errors only: the SDK's own retries are off (`maxRetries: 0`), plume's middleware retries.
 */
export function createSdkModel(options: SdkModelOptions): LanguageModel {
  const { model, errors } = options;
  // Plain OpenAI chat completions skip the SDK when the call needs nothing it adds (no output schema).
  const endpoint = chatEndpointOf(model);
  const generateModel = options.generateModel ?? model;
  // The settings generateText and streamText share: the SDK's retries off, system messages kept.
  const sdkCall = (request: GenerateRequest, signal: AbortSignal | undefined, callModel = model) => ({
    ...callSettings(request.params),
    providerOptions: withLogProbs(options.providerOptions?.(request.params), request.params.logprobs),
    model: callModel,
    messages: request.messages,
    allowSystemInMessages: true as const,
    maxRetries: 0,
    abortSignal: signal,
    ...(request.outputSchema === undefined ? {} : { output: jsonSchemaOutput(request.outputSchema) }),
  });
  return {
    id: options.id,
    provider: options.provider,
    modelName: options.modelName,
    capabilities: options.capabilities,
    async generate(request, callOptions) {
      try {
        if (endpoint !== undefined && request.outputSchema === undefined) {
          return await postChatCompletion(endpoint, request, callOptions?.signal);
        }
        if (request.outputSchema === undefined && takesDirectCalls(generateModel)) {
          const providerOptions = withLogProbs(
            options.providerOptions?.(request.params),
            request.params.logprobs,
          );
          return await generateDirect(generateModel, request, providerOptions, callOptions?.signal);
        }
        const { generateText } = await loadSdk();
        const result = await generateText(sdkCall(request, callOptions?.signal, generateModel));
        // OpenAI's SDK provider returns them in its metadata; others return none.
        const logProbs = tokenLogProbs(result.providerMetadata?.openai?.logprobs);
        return {
          text: result.text,
          usage: toUsage(result.usage),
          finishReason: result.finishReason,
          ...(logProbs === undefined ? {} : { logProbs }),
        };
      } catch (error) {
        throw await mapError(error, errors);
      }
    },
    async *stream(request, callOptions) {
      const signal = callOptions?.signal;
      const { streamText } = await loadSdk();
      const result = streamText({
        ...sdkCall(request, signal),
        // Errors arrive as stream parts and are thrown below; the default handler would print them.
        onError: () => {},
      });
      let text = '';
      let finish: ProviderResult | undefined;
      try {
        for await (const part of result.stream) {
          if (part.type === 'text-delta') {
            text += part.text;
            yield { type: 'text', text: part.text };
          } else if (part.type === 'finish') {
            finish = { text, usage: toUsage(part.totalUsage), finishReason: part.finishReason };
          } else if (part.type === 'error') {
            throw part.error;
          } else if (part.type === 'abort') {
            throw signal?.reason ?? new DOMException('the call was aborted', 'AbortError');
          }
        }
      } catch (error) {
        throw await mapError(error, errors);
      }
      if (finish === undefined) {
        throw new PlumeError({
          code: 'PROVIDER_BAD_RESPONSE',
          message: `${options.id}: the answer stream ended without a finish event`,
          hint: 'the provider closed the stream early; try again',
          retryable: true,
        });
      }
      yield { type: 'finish', result: finish };
    },
  };
}

/** Provider options asking OpenAI's SDK provider for token log-probabilities, when the call wants them. */
function withLogProbs(
  options: ProviderOptions | undefined,
  logprobs: boolean | undefined,
): ProviderOptions | undefined {
  if (logprobs !== true) return options;
  return { ...options, openai: { ...options?.openai, logprobs: true } };
}

function toUsage(usage: LanguageModelUsage): ProviderResult['usage'] {
  return { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 };
}

type ResponseFormat = Awaited<OutputInterface['responseFormat']>;

/**
 * Ask the provider for JSON following `schema`, but keep the answer as text: whether it really
 * follows the schema is for assertions to judge, not a reason to fail the call.
 */
function jsonSchemaOutput(schema: Record<string, unknown>): OutputInterface<string, string, never> {
  const responseFormat = { type: 'json', schema } as unknown as ResponseFormat;
  return {
    name: 'json-schema-text',
    responseFormat: Promise.resolve(responseFormat),
    parseCompleteOutput: async ({ text }) => text,
    parsePartialOutput: async ({ text }) => ({ partial: text }),
    createElementStreamTransform: () => undefined,
  };
}
