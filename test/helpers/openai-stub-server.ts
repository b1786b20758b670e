import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerBody, errorBody, messageTexts, type WireFormat, wireFormatOf } from './wire-formats.ts';

/** What the stub answers to one request. Unset fields take the defaults documented on each. */
export interface StubReply {
  /** HTTP status; default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** The answer's text; default `echo: <content of the last message>`. */
  text?: string;
  /** Default: words of the messages in, words of the text out. */
  usage?: { promptTokens: number; completionTokens: number };
  finishReason?: string;
  /** Sent as the body instead of a chat completion (malformed JSON, odd documents). */
  rawBody?: string;
  /** Message of the `{ error: { message } }` body of a non-2xx reply; default the status text. */
  errorMessage?: string;
  /** Wait before answering; default the server's latency. */
  delayMs?: number;
  /** Never answer: the socket stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** Destroy the socket without answering (a connection reset). */
  reset?: boolean;
  /** Streams (OpenAI format only): the text in these pieces, one SSE chunk each; default split after each word. */
  chunks?: string[];
  /** Streams: after the pieces, an `{ error }` event ends the stream instead of the finish chunk. */
  streamError?: { message: string; type?: string; code?: number };
  /** Token log-probabilities sent when the request asks for `logprobs`; default `stubLogProbs(text)`. */
  logProbs?: number[];
}

/** A request as the stub received it. */
export interface StubRequest {
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: { model?: string; stream?: boolean; messages?: { role: string; content: unknown }[] } & Record<
    string,
    unknown
  >;
  stream: boolean;
  /** The wire format of its path (see wire-formats.ts); undefined for a path no provider calls. */
  format: WireFormat | undefined;
  /** Requests in progress when this one arrived, itself included. */
  inFlight: number;
}

export interface OpenAIStubServerOptions {
  /** Delay before every answer, in ms; default 0. */
  latencyMs?: number;
  /** Answers requests that no scripted reply covers; default a 200 with the default text. */
  respond?: (request: StubRequest) => StubReply;
  /** Keep every request for assertions; turn off for benchmarks making many calls. Default true. */
  recordRequests?: boolean;
}

/**
 * A local HTTP server speaking the OpenAI chat-completions wire format (JSON and SSE streaming), and,
 * not streamed, those of Anthropic messages (`/v1/messages`), Gemini (`…/models/<model>:generateContent`),
 * Ollama (`/api/chat`); Mistral speaks OpenAI's. The path picks the format.
 */
export interface OpenAIStubServer {
  /** `http://127.0.0.1:<port>/v1`, the baseURL to configure. */
  readonly baseURL: string;
  /** `http://127.0.0.1:<port>`, for clients that add the version path themselves. */
  readonly origin: string;
  readonly port: number;
  /** Requests received so far. */
  readonly requestCount: number;
  readonly requests: readonly StubRequest[];
  /** Requests in progress now: received, their answer not yet sent in full. */
  readonly inFlight: number;
  /** Most requests in progress at the same time so far. */
  readonly maxInFlight: number;
  /** Queue replies for the next requests, in order. */
  script(...replies: StubReply[]): void;
  close(): Promise<void>;
}

/** Start a stub on 127.0.0.1 and a free port. */
export async function startOpenAIStubServer(
  options: OpenAIStubServerOptions = {},
): Promise<OpenAIStubServer> {
  const scripted: StubReply[] = [];
  const requests: StubRequest[] = [];
  let requestCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((incoming, response) => {
    void readBody(incoming).then((raw) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const request = toStubRequest(incoming, raw, requestCount++, inFlight);
      if (options.recordRequests !== false) requests.push(request);
      response.on('close', () => inFlight--);
      const reply = scripted.shift() ?? options.respond?.(request) ?? {};
      if (reply.hang) return;
      const delay = reply.delayMs ?? options.latencyMs ?? 0;
      const answer = () => (reply.reset ? incoming.socket.destroy() : send(request, reply, response));
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    port,
    get requestCount() {
      return requestCount;
    },
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    script: (...replies) => scripted.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    incoming.on('data', (part: Buffer) => parts.push(part));
    incoming.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

function toStubRequest(incoming: IncomingMessage, raw: string, index: number, inFlight: number): StubRequest {
  let body: StubRequest['body'] = {};
  try {
    body = JSON.parse(raw) as StubRequest['body'];
  } catch {
    // Not JSON: recorded as an empty body.
  }
  const path = incoming.url ?? '/';
  return {
    index,
    method: incoming.method ?? 'GET',
    path,
    headers: incoming.headers,
    body,
    stream: body.stream === true,
    format: wireFormatOf(path.split('?')[0]!),
    inFlight,
  };
}

/** Dimensions of the stub's embeddings. */
export const STUB_EMBEDDING_DIMENSIONS = 16;

/**
 * The stub's embedding of a text: each lowercase word adds 1 to a dimension picked by a hash of the
 * word, normalized. Texts sharing words are similar; equal word sets give equal vectors.
 */
export function stubEmbedding(text: string): number[] {
  const vector = new Array<number>(STUB_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    vector[hash % STUB_EMBEDDING_DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** Moderation categories the stub knows; one is flagged when the text contains its name. */
export const STUB_MODERATION_CATEGORIES = ['harassment', 'hate', 'self-harm', 'sexual', 'violence'];

/** The stub's log-probabilities of an answer: one per word, minus its length over ten. */
export function stubLogProbs(text: string): number[] {
  return (text.match(/\S+/g) ?? []).map((word) => -word.length / 10);
}

function sendService(request: StubRequest, response: ServerResponse): boolean {
  const { input } = request.body;
  if (request.path.endsWith('/embeddings')) {
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const data = texts.map((text, index) => ({ object: 'embedding', index, embedding: stubEmbedding(text) }));
    const tokens = texts.reduce((sum, text) => sum + words(text), 0);
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        object: 'list',
        data,
        model: request.body.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      }),
    );
    return true;
  }
  if (request.path.endsWith('/moderations')) {
    const text = String(input ?? '').toLowerCase();
    const categories = Object.fromEntries(
      STUB_MODERATION_CATEGORIES.map((category) => [category, text.includes(category)]),
    );
    const flagged = Object.values(categories).some(Boolean);
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `modr-stub-${request.index}`,
        model: request.body.model,
        results: [{ flagged, categories }],
      }),
    );
    return true;
  }
  return false;
}

function send(request: StubRequest, reply: StubReply, response: ServerResponse): void {
  if (reply.status === undefined && reply.rawBody === undefined && sendService(request, response)) return;
  const { format } = request;
  const status = reply.status ?? (format === undefined ? 404 : 200);
  const headers = { 'content-type': 'application/json', ...reply.headers };
  if (reply.rawBody !== undefined) {
    response.writeHead(status, headers).end(reply.rawBody);
    return;
  }
  if (status >= 300) {
    const message = reply.errorMessage ?? `stub error ${status}`;
    response.writeHead(status, headers).end(JSON.stringify(errorBody(format, status, message)));
    return;
  }
  const text = reply.text ?? `echo: ${lastContent(request)}`;
  const usage = reply.usage ?? { promptTokens: countWords(request), completionTokens: words(text) };
  const finishReason = reply.finishReason ?? 'stop';
  const model = request.body.model ?? 'stub';
  if (!request.stream || format !== 'openai') {
    const logProbs = request.body.logprobs === true ? (reply.logProbs ?? stubLogProbs(text)) : undefined;
    const answer = { text, ...usage, finishReason, model, index: request.index, logProbs };
    response.writeHead(status, headers).end(JSON.stringify(answerBody(format ?? 'openai', answer)));
    return;
  }
  const usageBody = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
  const base = { id: `chatcmpl-stub-${request.index}`, created: 1_700_000_000, model };
  response.writeHead(status, {
    ...headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
  response.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
  for (const piece of reply.chunks ?? text.match(/\s+|\S+\s*/g) ?? []) {
    response.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  }
  if (reply.streamError !== undefined) {
    response.end(`data: ${JSON.stringify({ error: reply.streamError })}\n\n`);
    return;
  }
  response.write(chunk([{ index: 0, delta: {}, finish_reason: finishReason }]));
  response.write(chunk([], { usage: usageBody }));
  response.end('data: [DONE]\n\n');
}

function lastContent(request: StubRequest): string {
  return request.format === undefined ? '' : (messageTexts(request.format, request.body).at(-1) ?? '');
}

function countWords(request: StubRequest): number {
  if (request.format === undefined) return 0;
  return messageTexts(request.format, request.body).reduce((sum, text) => sum + words(text), 0);
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
