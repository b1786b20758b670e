import { PlumeError } from '../util/errors.ts';
import { COMPATIBLE_HOSTS, compatibleHost } from './compatible-hosts.ts';
import { isEmbeddingRef, parseEmbeddingRef } from './embedding/embedding-ref.ts';

/** What a suite's provider id names: a plume `provider:model`, or a provider plume cannot run and why. */
export type ProviderIdMapping =
  | { kind: 'model'; provider: string; model: string }
  | { kind: 'unsupported'; message: string; hint: string };

const SUPPORTED =
  'plume runs openai:, anthropic:, google:, mistral:, ollama: models (promptfoo forms such as ' +
  `openai:chat:MODEL and anthropic:messages:MODEL included), ${Object.keys(COMPATIBLE_HOSTS).join(':, ')}:, ` +
  'echo, and the providers of plume.yaml';

const OPENAI_COMPATIBLE_HINT =
  'it serves the OpenAI API: write openai:chat:MODEL with config.apiBaseUrl set to its /v1 URL, ' +
  'or add it to plume.yaml as `type: openai-compatible`';

/**
 * Providers of promptfoo that plume does not run, with what to do instead. A reference naming one
 * is refused when the suite is loaded, so a run does not start that would fail on its first call.
 */
const UNSUPPORTED_PROVIDERS: Readonly<Record<string, string>> = {
  azure:
    'add the Azure OpenAI endpoint to plume.yaml as `type: openai-compatible` with its baseURL and headers',
  azureopenai: 'add the Azure OpenAI endpoint to plume.yaml as `type: openai-compatible`',
  bedrock: 'plume has no AWS Bedrock provider; call the model through an OpenAI-compatible gateway',
  vertex: 'use google:MODEL (the Gemini API, GOOGLE_GENERATIVE_AI_API_KEY) instead of Vertex AI',
  replicate: 'plume has no Replicate provider',
  huggingface: 'plume has no Hugging Face inference provider; a GGUF file runs as local:NAME',
  hf: 'plume has no Hugging Face inference provider; a GGUF file runs as local:NAME',
  cohere: 'plume has no Cohere provider',
  'cloudflare-ai': OPENAI_COMPATIBLE_HINT,
  watsonx: 'plume has no watsonx provider',
  voyage: 'Voyage serves embeddings, not a model under test',
  localai: OPENAI_COMPATIBLE_HINT,
  vllm: OPENAI_COMPATIBLE_HINT,
  llamafile: OPENAI_COMPATIBLE_HINT,
  litellm: OPENAI_COMPATIBLE_HINT,
  lmstudio: OPENAI_COMPATIBLE_HINT,
  'text-generation-webui': OPENAI_COMPATIBLE_HINT,
  llama: 'a GGUF file runs as local:NAME; a llama.cpp server as openai:chat:MODEL with config.apiBaseUrl',
  exec: 'plume calls models itself and runs no provider scripts',
  python: 'plume calls models itself and runs no provider scripts',
  golang: 'plume calls models itself and runs no provider scripts',
  ruby: 'plume calls models itself and runs no provider scripts',
  package: 'plume calls models itself and loads no provider packages',
  file: 'plume calls models itself and loads no provider files (file://provider.js, .py, .yaml)',
  http: 'plume has no generic HTTP provider; an OpenAI-compatible server runs as openai:chat:MODEL with config.apiBaseUrl',
  https:
    'plume has no generic HTTP provider; an OpenAI-compatible server runs as openai:chat:MODEL with config.apiBaseUrl',
  webhook: 'plume has no webhook provider',
  websocket: 'plume has no websocket provider',
  browser: 'plume has no browser provider',
  sequence: 'plume has no sequence provider',
  mcp: 'plume has no MCP provider',
  promptfoo: "promptfoo's own hosted providers are not available in plume",
};

type Mapper = (provider: string, rest: string) => ProviderIdMapping;

/**
 * Reads `provider:API:MODEL` and `provider:MODEL`: the API names in `chatNames` are the chat API
 * plume calls, those in `unsupported` APIs it does not; any other first part is the model's name.
 */
function apiOf(chatNames: readonly string[], unsupported: readonly string[]): Mapper {
  return (provider, rest) => {
    const colon = rest.indexOf(':');
    const head = colon === -1 ? rest : rest.slice(0, colon);
    if (chatNames.includes(head)) return model(provider, colon === -1 ? '' : rest.slice(colon + 1));
    if (unsupported.includes(head)) {
      return {
        kind: 'unsupported',
        message: `plume does not call ${provider}'s ${head} API ('${provider}:${rest}')`,
        hint: `plume calls chat models: write ${provider}:MODEL; ${SUPPORTED}`,
      };
    }
    return model(provider, rest);
  };
}

const HOSTED_API = apiOf(['chat'], ['completion', 'embedding', 'embeddings']);

/** How each provider whose ids promptfoo writes its own way reads them. */
const MAPPERS: Readonly<Record<string, Mapper>> = {
  // The Responses API's models also answer chat completions, which plume speaks.
  openai: apiOf(
    ['chat', 'responses'],
    [
      'completion',
      'embedding',
      'embeddings',
      'assistant',
      'image',
      'realtime',
      'transcription',
      'moderation',
    ],
  ),
  anthropic: apiOf(['messages'], ['completion', 'claude-agent-sdk']),
  google: apiOf([], ['live', 'image', 'video', 'embedding']),
  mistral: apiOf(['chat'], ['embedding', 'embeddings']),
  // plume speaks Ollama's chat API; a completion model answers it with the prompt as one message.
  ollama: apiOf(['chat', 'completion'], ['embedding', 'embeddings']),
};

function model(provider: string, name: string): ProviderIdMapping {
  return { kind: 'model', provider, model: name };
}

/**
 * Read a provider id as a suite writes it: plume's `provider:model`, or promptfoo's forms
 * (`openai:chat:gpt-4o-mini`, `anthropic:messages:claude-…`, `ollama:chat:llama3`, `echo`,
 * `groq:MODEL`, ...). A prefix plume does not know passes through: it may be a provider of
 * plume.yaml, and is checked when the run resolves it.
 */
export function mapProviderId(written: string): ProviderIdMapping {
  const id = written.trim();
  if (id === 'echo') return model('echo', 'default');
  const colon = id.indexOf(':');
  const prefix = (colon === -1 ? id : id.slice(0, colon)).toLowerCase();
  const rest = colon === -1 ? '' : id.slice(colon + 1);
  const unsupported = Object.hasOwn(UNSUPPORTED_PROVIDERS, prefix)
    ? UNSUPPORTED_PROVIDERS[prefix]
    : undefined;
  if (unsupported !== undefined || /\.(js|mjs|cjs|ts|py|go|rb|sh|ya?ml|json)$/i.test(id)) {
    return {
      kind: 'unsupported',
      message: `plume does not run promptfoo's '${colon === -1 ? id : prefix}' provider ('${id}')`,
      hint: `${unsupported ?? 'plume calls models itself and runs no provider code'}; ${SUPPORTED}`,
    };
  }
  if (colon === -1 || rest.trim() === '') {
    return {
      kind: 'unsupported',
      message: `'${id}' is not a model reference`,
      hint: `write provider:model, such as openai:gpt-4o-mini; ${SUPPORTED}`,
    };
  }
  const mapper = Object.hasOwn(MAPPERS, prefix) ? MAPPERS[prefix] : undefined;
  if (mapper !== undefined) return mapper(prefix, rest);
  if (compatibleHost(prefix) !== undefined) return HOSTED_API(prefix, rest);
  return model(id.slice(0, colon), rest);
}

/**
 * Read the id of a grading or embedding model a check or a test names: an embedding model's
 * (`openai:embedding:MODEL`, `provider:embeddings:MODEL`) as it is, refused only when plume runs
 * no such provider; any other as a model's (mapProviderId). `ref` is what the run asks.
 */
export function mapServiceModelId(
  written: string,
): { kind: 'model'; provider: string; ref: string } | Extract<ProviderIdMapping, { kind: 'unsupported' }> {
  const id = written.trim();
  if (!isEmbeddingRef(id)) {
    const mapped = mapProviderId(id);
    if (mapped.kind === 'unsupported') return mapped;
    const ref = mapped.model === '' ? mapped.provider : `${mapped.provider}:${mapped.model}`;
    return { kind: 'model', provider: mapped.provider, ref };
  }
  const { provider } = parseEmbeddingRef(id)!;
  const prefix = provider.toLowerCase();
  const unsupported = Object.hasOwn(UNSUPPORTED_PROVIDERS, prefix)
    ? UNSUPPORTED_PROVIDERS[prefix]
    : undefined;
  if (unsupported !== undefined || NO_EMBEDDINGS.has(prefix)) {
    return {
      kind: 'unsupported',
      message: `plume does not ask ${prefix}'s embedding API ('${id}')`,
      hint: `plume asks the embeddings of OpenAI and OpenAI-compatible providers: write openai:embedding:MODEL (with config.apiBaseUrl for another server), or leave out the provider to use the local Model2Vec embedder of plume.yaml`,
    };
  }
  return { kind: 'model', provider, ref: id };
}

// Providers plume runs whose embedding APIs it does not ask.
const NO_EMBEDDINGS = new Set(['anthropic', 'google', 'mistral', 'ollama']);

/**
 * A reference with promptfoo's API part read (`openai:chat:gpt-4o-mini` is `openai:gpt-4o-mini`),
 * wherever it is written (a check's `provider`, `--model`, plume.yaml's grader): only for the
 * providers whose ids promptfoo writes its own way, so that any other reference is left as it is.
 * An API plume does not call (`openai:completion:…`) is a user error.
 */
export function canonicalRef(ref: string): string {
  const colon = ref.indexOf(':');
  if (colon === -1) return ref;
  const prefix = ref.slice(0, colon);
  const mapper = Object.hasOwn(MAPPERS, prefix) ? MAPPERS[prefix] : undefined;
  const read = mapper ?? (compatibleHost(prefix) === undefined ? undefined : HOSTED_API);
  if (read === undefined) return ref;
  const mapped = read(prefix, ref.slice(colon + 1));
  if (mapped.kind === 'unsupported') {
    throw new PlumeError({ code: 'MODEL_REF_INVALID', message: mapped.message, hint: mapped.hint });
  }
  return mapped.model === '' ? prefix : `${prefix}:${mapped.model}`;
}
