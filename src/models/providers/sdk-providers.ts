import { createRequire } from 'node:module';
import type { generateText, LanguageModel as SdkModelSpec } from 'ai';
import type { ModelParams } from '../../spec/model.ts';
import type { ProviderType } from '../../spec/project-config.ts';
import type { ChatEndpoint } from './chat-completions.ts';

// Each provider package is loaded when a model of its type is first built (require of an ES
// module is synchronous in Node 22.12+): a run against one provider does not parse the other five.
const load = createRequire(import.meta.url);

/**
 * The chat-completions endpoint of SDK models that speak plain OpenAI chat completions, so that a
 * plain call (no output schema, not streamed) can skip the SDK (see chat-completions.ts).
 */
const CHAT_ENDPOINTS = new WeakMap<object, ChatEndpoint>();

/** The plain chat-completions endpoint of a model built here, when it has one. */
export function chatEndpointOf(model: SdkLanguageModel): ChatEndpoint | undefined {
  return CHAT_ENDPOINTS.get(model);
}

/** Provider-specific call options, keyed by the SDK provider's name. */
export type ProviderOptions = NonNullable<Parameters<typeof generateText>[0]['providerOptions']>;

/** A language model object of the AI SDK (not a global model-id string). */
export type SdkLanguageModel = Exclude<SdkModelSpec, string>;

/** Connection settings for one provider; the key comes from the environment, read by the caller. */
export interface SdkProviderSettings {
  name: string;
  baseURL: string | undefined;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  /** The fetch the SDK calls with; default the global one. */
  fetch?: typeof globalThis.fetch;
}

/** How to build AI SDK models of one provider type, and what they honour. */
export interface SdkProvider {
  /** Honours `seed` for reproducible sampling. */
  seed: boolean;
  create(settings: SdkProviderSettings): (modelName: string) => SdkLanguageModel;
  /** Parameters the SDK provider does not map itself, in its own options. */
  providerOptions?: (params: ModelParams) => ProviderOptions;
}

/** Every provider type of plume.yaml, through the Vercel AI SDK. */
export const SDK_PROVIDERS: Record<ProviderType, SdkProvider> = {
  openai: {
    seed: true,
    create: ({ name, baseURL, apiKey, headers, fetch }) => {
      const { createOpenAI } = load('@ai-sdk/openai') as typeof import('@ai-sdk/openai');
      const provider = createOpenAI({ name, baseURL, apiKey, headers, fetch });
      // The chat completions API rather than the Responses API: it takes `seed` and `stop`,
      // and proxies of OpenAI speak it.
      return (model) => provider.chat(model);
    },
  },
  anthropic: {
    seed: false,
    create: ({ baseURL, apiKey, headers, fetch }) => {
      const { createAnthropic } = load('@ai-sdk/anthropic') as typeof import('@ai-sdk/anthropic');
      const provider = createAnthropic({ baseURL, apiKey, headers, fetch });
      return (model) => provider.languageModel(model);
    },
  },
  google: {
    seed: true,
    create: ({ baseURL, apiKey, headers, fetch }) => {
      const { createGoogle } = load('@ai-sdk/google') as typeof import('@ai-sdk/google');
      const provider = createGoogle({ baseURL, apiKey, headers, fetch });
      return (model) => provider.languageModel(model);
    },
  },
  mistral: {
    seed: true,
    create: ({ baseURL, apiKey, headers, fetch }) => {
      const { createMistral } = load('@ai-sdk/mistral') as typeof import('@ai-sdk/mistral');
      const provider = createMistral({ baseURL, apiKey, headers, fetch });
      return (model) => provider.languageModel(model);
    },
  },
  'openai-compatible': {
    seed: true,
    create: ({ name, baseURL, apiKey, headers, fetch }) => {
      // resolveProvider guarantees a baseURL for this type. Output schemas are sent as json_schema
      // (vLLM, llama.cpp, LM Studio, Ollama and OpenRouter take it) rather than a schema-less json_object.
      const { createOpenAICompatible } = load(
        '@ai-sdk/openai-compatible',
      ) as typeof import('@ai-sdk/openai-compatible');
      const provider = createOpenAICompatible({
        name,
        baseURL: baseURL!,
        apiKey,
        headers,
        fetch,
        includeUsage: true,
        supportsStructuredOutputs: true,
      });
      // The URL and headers the SDK model uses (it drops one trailing slash of the baseURL).
      const url = `${baseURL!.replace(/\/$/, '')}/chat/completions`;
      const endpointHeaders = {
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
        ...headers,
      };
      return (model) => {
        const sdkModel = provider.chatModel(model);
        CHAT_ENDPOINTS.set(sdkModel, { url, headers: endpointHeaders, modelName: model });
        return sdkModel;
      };
    },
  },
  ollama: {
    seed: true,
    create: ({ name, baseURL, headers, fetch }) => {
      const { createOllama } = load('ollama-ai-provider-v2') as typeof import('ollama-ai-provider-v2');
      const provider = createOllama({ name, baseURL, headers, fetch });
      return (model) => provider.languageModel(model);
    },
    // ollama-ai-provider-v2 (3.6 and 4.0) drops seed, stop and topK, and sends temperature, top_p and
    // max_output_tokens where /api/chat ignores them: Ollama reads sampling settings under `options`.
    providerOptions: (params) => ({
      ollama: {
        options: definedOnly({
          temperature: params.temperature,
          seed: params.seed,
          stop: params.stop,
          num_predict: params.maxTokens,
          top_k: params.topK,
          top_p: params.topP,
        }),
      },
    }),
  },
};

function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
