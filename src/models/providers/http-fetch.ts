import { ConnectionFailure, httpPost } from './http-post.ts';

// Statuses whose Response may carry no body.
const NULL_BODY = new Set([101, 204, 205, 304]);
const encoder = new TextEncoder();

/**
 * A fetch for the AI SDK's non-streamed calls over node:http (see http-post.ts): the request sent as
 * the SDK builds it, the answer read whole into a Response. A connection failure is thrown as fetch
 * throws it (a TypeError 'fetch failed' with the socket's error as cause), which the SDK turns into
 * its retryable "Cannot connect to API" error. Not for streams: the answer is read whole first.
 */
export async function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const body = typeof init.body === 'string' ? init.body : '';
  try {
    const answer = await httpPost(
      url,
      headerRecord(init.headers),
      body,
      init.signal ?? undefined,
      init.method ?? 'POST',
    );
    return bufferedResponse(answer.status, answer.statusText, answer.headers, answer.text);
  } catch (error) {
    if (error instanceof ConnectionFailure) throw new TypeError('fetch failed', { cause: error.cause });
    throw error;
  }
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers);
  if (Array.isArray(headers)) return Object.fromEntries(headers as [string, string][]);
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, string | undefined>)) {
    if (value !== undefined) record[name] = value;
  }
  return record;
}

/**
 * What the AI SDK reads of a Response (ok, status, statusText, headers' get and entries, body's
 * reader, text and json), over an answer already read whole. A real Response and its Headers
 * (undici's web IDL checks, a web stream for the body) cost a quarter of a plain call's CPU; the
 * provider tests of every hosted type (test/models/hosted-providers.test.ts) hold the SDK to
 * needing no more than this.
 */
function bufferedResponse(
  status: number,
  statusText: string,
  headers: Record<string, string>,
  text: string,
): Response {
  const bytes = NULL_BODY.has(status) ? undefined : encoder.encode(text);
  let unread = true;
  const reader = {
    read: async () => {
      if (!unread || bytes === undefined) return { done: true, value: undefined };
      unread = false;
      return { done: false, value: bytes };
    },
    releaseLock: () => {},
    cancel: async () => {
      unread = false;
    },
  };
  const response = {
    ok: status >= 200 && status <= 299,
    status,
    statusText,
    headers: new Map(Object.entries(headers)),
    body: bytes === undefined ? null : { getReader: () => reader, cancel: reader.cancel },
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  };
  return response as unknown as Response;
}
