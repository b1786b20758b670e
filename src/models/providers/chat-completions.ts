import type { GenerateRequest, ProviderResult } from '../../spec/model.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import { ConnectionFailure, httpPost, type RawResponse } from './http-post.ts';

/** Where a plain OpenAI chat-completions call goes: `<baseURL>/chat/completions`, its headers, the model. */
export interface ChatEndpoint {
  url: string;
  headers: Record<string, string>;
  modelName: string;
}

/**
 * One non-streamed chat completion over node:http, for calls with no output schema: what the AI
 * SDK's openai-compatible model sends (the same body fields) and reads back (the same text, usage
 * and finish reason), at a fraction of its CPU, since a run makes one such call per cell. Failures
 * are thrown as the SDK's own error types (APICallError, InvalidResponseDataError), with the same
 * messages, statuses and retryability, so sdk-error.ts maps both paths alike; an abort throws the
 * signal's reason.
 */
export async function postChatCompletion(
  endpoint: ChatEndpoint,
  request: GenerateRequest,
  signal: AbortSignal | undefined,
): Promise<ProviderResult> {
  const requestBody = chatBody(endpoint.modelName, request);
  const response = await post(endpoint, JSON.stringify(requestBody), signal);
  const { status, text } = response;
  if (status < 200 || status > 299) throw await statusError(endpoint, requestBody, response);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const { JSONParseError } = await import('ai');
    throw await invalidJson(endpoint, requestBody, response, new JSONParseError({ text, cause }));
  }
  if (!isChatResponse(parsed)) {
    const { TypeValidationError } = await import('ai');
    const cause = new TypeValidationError({ value: parsed, cause: new Error('unexpected shape') });
    throw await invalidJson(endpoint, requestBody, response, cause);
  }
  const choice = parsed.choices[0];
  if (choice === undefined) {
    const { InvalidResponseDataError } = await import('ai');
    throw new InvalidResponseDataError({ data: text, message: 'Response did not contain any choices.' });
  }
  return answerOf(choice, parsed.usage);
}

/** The request body, field for field as @ai-sdk/openai-compatible writes it (topK it drops). */
function chatBody(model: string, request: GenerateRequest): Record<string, unknown> {
  const { params } = request;
  return {
    model,
    max_tokens: params.maxTokens,
    temperature: params.temperature,
    top_p: params.topP,
    frequency_penalty: params.frequencyPenalty,
    presence_penalty: params.presencePenalty,
    stop: params.stop,
    seed: params.seed,
    logprobs: params.logprobs,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  };
}

/** The POST, a connection failure reported as the SDK reports it. */
async function post(
  endpoint: ChatEndpoint,
  body: string,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  try {
    return await httpPost(endpoint.url, endpoint.headers, body, signal);
  } catch (error) {
    throw error instanceof ConnectionFailure ? await connectionError(endpoint, body, error.cause) : error;
  }
}

/** No answer at all (refused, reset): the SDK's APICallError without a status, the cause kept for its code. */
async function connectionError(endpoint: ChatEndpoint, body: string, cause: Error): Promise<Error> {
  const { APICallError } = await import('ai');
  return new APICallError({
    message: `Cannot connect to API: ${cause.message}`,
    cause,
    url: endpoint.url,
    requestBodyValues: body,
    isRetryable: true,
  });
}

/** A non-2xx answer: the `{ error: { message } }` body's message, else the status text (the SDK's rule). */
async function statusError(
  endpoint: ChatEndpoint,
  requestBody: unknown,
  response: RawResponse,
): Promise<Error> {
  const { APICallError } = await import('ai');
  return new APICallError({
    message: errorMessageOf(response.text) ?? response.statusText,
    url: endpoint.url,
    requestBodyValues: requestBody,
    statusCode: response.status,
    responseHeaders: response.headers,
    responseBody: response.text,
  });
}

function errorMessageOf(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    const error = (JSON.parse(text) as { error?: { message?: unknown } } | null)?.error;
    return typeof error?.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}

/** A 2xx answer that cannot be read, with the SDK's cause: JSONParseError (not JSON), TypeValidationError (wrong shape). */
async function invalidJson(
  endpoint: ChatEndpoint,
  requestBody: unknown,
  response: RawResponse,
  cause: Error,
): Promise<Error> {
  const { APICallError } = await import('ai');
  return new APICallError({
    message: 'Invalid JSON response',
    cause,
    url: endpoint.url,
    requestBodyValues: requestBody,
    statusCode: response.status,
    responseHeaders: response.headers,
    responseBody: response.text,
  });
}

interface ChatChoice {
  message: { content?: string | { type: string; text?: unknown }[] | null; refusal?: unknown };
  finish_reason?: string | null;
  logprobs?: { content?: unknown } | null;
}

interface ChatResponse {
  choices: ChatChoice[];
  usage?: { prompt_tokens?: number | null; completion_tokens?: number | null } | null;
}

/** Text, usage and finish reason as generateText reports them: text parts and a refusal, no reasoning. */
function answerOf(choice: ChatChoice, usage: ChatResponse['usage']): ProviderResult {
  const { content } = choice.message;
  let text = '';
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    for (const part of content) if (part.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  const refusal = typeof choice.message.refusal === 'string' ? choice.message.refusal : '';
  text += refusal;
  const logProbs = tokenLogProbs(choice.logprobs?.content);
  return {
    text,
    usage: { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 },
    finishReason: finishReasonOf(choice.finish_reason, refusal.length > 0),
    ...(logProbs === undefined ? {} : { logProbs }),
  };
}

/** The `logprob` of each `{ token, logprob }` entry, when every entry has one (else none: a partial list would skew perplexity). */
export function tokenLogProbs(entries: unknown): number[] | undefined {
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  const values = entries.map((entry) => (isPlainObject(entry) ? entry.logprob : undefined));
  return values.every((value) => typeof value === 'number') ? (values as number[]) : undefined;
}

function finishReasonOf(reason: string | null | undefined, refused: boolean): string {
  switch (reason) {
    case 'stop':
      return refused ? 'content-filter' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool-calls';
    default:
      return 'other';
  }
}

// The response schema of @ai-sdk/openai-compatible (OpenAICompatibleChatResponseSchema), checked by
// hand: a body it would refuse is refused here too, as an invalid JSON response.
function isChatResponse(value: unknown): value is ChatResponse {
  if (!isPlainObject(value)) return false;
  if (!isNullish(value.id) && typeof value.id !== 'string') return false;
  if (!isNullish(value.created) && typeof value.created !== 'number') return false;
  if (!isNullish(value.model) && typeof value.model !== 'string') return false;
  if (!Array.isArray(value.choices) || !value.choices.every(isChoice)) return false;
  return isUsage(value.usage);
}

function isChoice(value: unknown): boolean {
  if (!isPlainObject(value) || !isPlainObject(value.message)) return false;
  const { message } = value;
  if (!isNullish(value.finish_reason) && typeof value.finish_reason !== 'string') return false;
  if (!isNullish(message.role) && message.role !== 'assistant') return false;
  const { content } = message;
  if (!isNullish(content) && typeof content !== 'string') {
    if (
      !Array.isArray(content) ||
      !content.every((part) => isPlainObject(part) && typeof part.type === 'string')
    )
      return false;
  }
  if (!isNullish(message.reasoning_content) && typeof message.reasoning_content !== 'string') return false;
  if (!isNullish(message.reasoning) && typeof message.reasoning !== 'string') return false;
  return (
    isNullish(message.tool_calls) ||
    (Array.isArray(message.tool_calls) && message.tool_calls.every(isToolCall))
  );
}

function isToolCall(value: unknown): boolean {
  if (!isPlainObject(value) || !isPlainObject(value.function)) return false;
  if (!isNullish(value.id) && typeof value.id !== 'string') return false;
  if (typeof value.function.name !== 'string' || typeof value.function.arguments !== 'string') return false;
  const extra = value.extra_content;
  if (isNullish(extra)) return true;
  if (!isPlainObject(extra)) return false;
  const google = extra.google;
  if (isNullish(google)) return true;
  return (
    isPlainObject(google) &&
    (isNullish(google.thought_signature) || typeof google.thought_signature === 'string')
  );
}

function isUsage(value: unknown): boolean {
  if (isNullish(value)) return true;
  if (!isPlainObject(value)) return false;
  const counts = (object: Record<string, unknown>, keys: readonly string[]) =>
    keys.every((key) => isNullish(object[key]) || typeof object[key] === 'number');
  if (!counts(value, ['prompt_tokens', 'completion_tokens', 'total_tokens'])) return false;
  const prompt = value.prompt_tokens_details;
  if (!isNullish(prompt) && !(isPlainObject(prompt) && counts(prompt, ['cached_tokens']))) return false;
  const completion = value.completion_tokens_details;
  const completionKeys = ['reasoning_tokens', 'accepted_prediction_tokens', 'rejected_prediction_tokens'];
  return isNullish(completion) || (isPlainObject(completion) && counts(completion, completionKeys));
}

function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}
