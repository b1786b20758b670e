import { PlumeError } from '../../util/errors.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import { missingHeader, missingKey, type ResolvedProvider } from '../resolve-provider.ts';

/** What an OpenAI-type provider offers besides chat: `/embeddings` and `/moderations`. */
export type OpenAiService = 'embeddings' | 'moderations';

/** Where a service call goes and what it sends; holds the key: never print or store it. */
export interface ServiceEndpoint {
  url: string;
  headers: Record<string, string>;
  /** `provider:model`, for errors and the call log. */
  id: string;
  model: string;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * The endpoint of `service` of an OpenAI or OpenAI-compatible provider: `<baseURL>/<service>`
 * with its key and headers. A user error for other kinds, a missing key or header.
 */
export function serviceEndpoint(
  provider: ResolvedProvider,
  model: string,
  service: OpenAiService,
): ServiceEndpoint {
  if (provider.kind !== 'openai' && provider.kind !== 'openai-compatible') {
    throw new PlumeError({
      code: 'MODEL_UNAVAILABLE',
      message: `provider '${provider.name}' (${provider.kind}) offers no ${service} in plume`,
      hint: `name an openai or openai-compatible provider for ${service}, such as openai:${service === 'embeddings' ? 'embedding:text-embedding-3-small' : 'moderation:omni-moderation-latest'}`,
    });
  }
  if (provider.apiKeyEnv !== undefined && provider.apiKey === undefined) throw missingKey(provider);
  const unset = provider.unsetHeaders[0];
  if (unset !== undefined) throw missingHeader(provider, unset.header, unset.env);
  const base = (provider.baseURL ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  return {
    url: `${base}/${service}`,
    headers: {
      'content-type': 'application/json',
      ...(provider.apiKey === undefined ? {} : { authorization: `Bearer ${provider.apiKey}` }),
      ...provider.headers,
    },
    id: `${provider.name}:${model}`,
    model,
  };
}

/** Vectors of `texts` (index i for texts[i]) and the input tokens the provider counted. */
export async function postEmbeddings(
  endpoint: ServiceEndpoint,
  texts: readonly string[],
  timeoutMs: number | undefined,
): Promise<{ vectors: number[][]; inputTokens: number }> {
  const body = await post(endpoint, { model: endpoint.model, input: texts }, timeoutMs);
  const data = isPlainObject(body) ? body.data : undefined;
  if (!Array.isArray(data) || data.length !== texts.length) throw badResponse(endpoint, 'no vector per text');
  const vectors: number[][] = new Array(texts.length);
  for (const [position, item] of data.entries()) {
    if (!isPlainObject(item) || !isNumberList(item.embedding))
      throw badResponse(endpoint, 'a vector is not a list of numbers');
    const index = typeof item.index === 'number' ? item.index : position;
    vectors[index] = item.embedding;
  }
  if (vectors.some((vector) => vector === undefined)) throw badResponse(endpoint, 'a vector is missing');
  const usage = isPlainObject(body) && isPlainObject(body.usage) ? body.usage.prompt_tokens : undefined;
  return { vectors, inputTokens: typeof usage === 'number' ? usage : 0 };
}

/** The moderation categories the provider flags in `text` (none: not flagged). */
export async function postModeration(
  endpoint: ServiceEndpoint,
  text: string,
  timeoutMs: number | undefined,
): Promise<string[]> {
  const body = await post(endpoint, { model: endpoint.model, input: text }, timeoutMs);
  const result = isPlainObject(body) && Array.isArray(body.results) ? body.results[0] : undefined;
  if (!isPlainObject(result) || !isPlainObject(result.categories))
    throw badResponse(endpoint, 'no categories');
  return Object.entries(result.categories)
    .filter(([, flagged]) => flagged === true)
    .map(([category]) => category);
}

async function post(
  endpoint: ServiceEndpoint,
  body: unknown,
  timeoutMs: number | undefined,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: endpoint.headers,
      body: JSON.stringify(body),
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    });
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    throw new PlumeError({
      code: timedOut ? 'PROVIDER_TIMEOUT' : 'PROVIDER_CONNECTION',
      message: `${endpoint.id}: ${timedOut ? 'no answer in time' : 'cannot connect'}`,
      hint: "check the provider's baseURL and the network",
      retryable: true,
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new PlumeError({
      code: statusCode(response.status),
      message: `${endpoint.id}: ${errorMessageOf(text) ?? `HTTP ${response.status}`}`,
      hint: 'check the model name and the key',
      statusCode: response.status,
      retryable: response.status === 429 || response.status >= 500,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badResponse(endpoint, 'not JSON');
  }
}

function statusCode(
  status: number,
): 'PROVIDER_AUTH' | 'PROVIDER_RATE_LIMITED' | 'PROVIDER_SERVER' | 'PROVIDER_REQUEST' {
  if (status === 401 || status === 403) return 'PROVIDER_AUTH';
  if (status === 429) return 'PROVIDER_RATE_LIMITED';
  return status >= 500 ? 'PROVIDER_SERVER' : 'PROVIDER_REQUEST';
}

function errorMessageOf(text: string): string | undefined {
  try {
    const error = (JSON.parse(text) as { error?: { message?: unknown } } | null)?.error;
    return typeof error?.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}

function badResponse(endpoint: ServiceEndpoint, what: string): PlumeError {
  return new PlumeError({
    code: 'PROVIDER_BAD_RESPONSE',
    message: `${endpoint.id}: the answer cannot be read (${what})`,
    hint: 'the provider may not offer this service for this model',
  });
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
