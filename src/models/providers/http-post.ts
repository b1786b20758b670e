import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A whole HTTP answer, its body read as text. */
export interface RawResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  text: string;
}

/**
 * A request whose answer never came (refused, reset, cut off): the socket's error, kept as the
 * cause, so that each caller reports it as its SDK would.
 */
export class ConnectionFailure extends Error {
  override readonly cause: Error;
  constructor(cause: Error) {
    super(cause.message);
    this.name = 'ConnectionFailure';
    this.cause = cause;
  }
}

// Sockets are kept for the next call; an idle one does not keep the process alive (Agent unrefs it).
const AGENTS = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * One HTTP request over node:http with kept-alive sockets, its answer read whole: a fraction of the
 * CPU of fetch (undici and web streams), which matters at one call per cell. Rejects with a
 * ConnectionFailure when no answer came, and with the signal's reason on an abort.
 */
export function httpPost(
  target: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal | undefined,
  method = 'POST',
): Promise<RawResponse> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<RawResponse>((resolve, reject) => {
    const url = new URL(target);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const request = send(url, {
      method,
      agent: secure ? AGENTS.https : AGENTS.http,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    });
    let settled = false;
    const onAbort = (): void => {
      request.destroy();
      fail(signal?.reason);
    };
    const done = (): void => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      done();
      reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (cause) => fail(new ConnectionFailure(cause)));
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (cause) => fail(new ConnectionFailure(cause)));
      response.on('end', () => {
        if (settled) return;
        done();
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: headersOf(response),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.end(body);
  });
}

function headersOf(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
