import { ConnectionFailure, httpPost } from './http-post.ts';

// Statuses whose Response may carry no body.
const NULL_BODY = new Set([101, 204, 205, 304]);

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
    return new Response(NULL_BODY.has(answer.status) ? null : answer.text, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
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
