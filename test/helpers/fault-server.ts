import { createHash } from 'node:crypto';
import { type StubReply, type StubRequest, startOpenAIStubServer } from './openai-stub-server.ts';

/** The faults the server injects. */
export type FaultKind = 'rateLimited' | 'serverError' | 'reset' | 'malformed' | 'hang';

/** The share of requests, in [0, 1], that get each fault; the rest are answered. */
export type FaultMix = Partial<Record<FaultKind, number>>;

export interface FaultServerOptions {
  /** Picks which requests fail; the same seed gives the same faults. Default 1. */
  seed?: number;
  mix?: FaultMix;
  /** The `Retry-After` of a 429, in seconds; default 1. */
  retryAfterSeconds?: number;
  /** Delay before every answer or fault, in ms; default 0. */
  latencyMs?: number;
}

/** An OpenAI-compatible server that fails a seeded share of its requests. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  readonly requestCount: number;
  /** Faults injected so far, by kind. */
  readonly injected: Readonly<Record<FaultKind, number>>;
  close(): Promise<void>;
}

/** The mix a tester measured plume against: 30% of requests fail. */
export const MIXED_FAULTS: FaultMix = { rateLimited: 0.1, serverError: 0.1, reset: 0.05, malformed: 0.05 };

const KINDS: readonly FaultKind[] = ['rateLimited', 'serverError', 'reset', 'malformed', 'hang'];

/** What the server answers to a prompt when no fault hits: a function of the prompt alone. */
export function faultFreeAnswer(prompt: string): string {
  return `answer ${createHash('sha256').update(prompt).digest('hex').slice(0, 16)}`;
}

/**
 * Start the server on 127.0.0.1 and a free port. Whether a request fails depends on the seed, its
 * body and how many times that body was sent before, not on arrival order: a run at any concurrency
 * meets the same faults, and a call retried often enough gets through.
 */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const seed = options.seed ?? 1;
  const mix = options.mix ?? {};
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const attempts = new Map<string, number>();
  const injected: Record<FaultKind, number> = {
    rateLimited: 0,
    serverError: 0,
    reset: 0,
    malformed: 0,
    hang: 0,
  };
  const replies: Record<FaultKind, StubReply> = {
    rateLimited: {
      status: 429,
      // Both headers, as OpenAI sends them: whole seconds, and milliseconds for a wait under one.
      headers: {
        'retry-after': String(Math.ceil(retryAfterSeconds)),
        'retry-after-ms': String(Math.round(retryAfterSeconds * 1000)),
      },
      errorMessage: 'rate limited',
    },
    serverError: { status: 500, errorMessage: 'internal error' },
    reset: { reset: true },
    malformed: { rawBody: '{"id": "chatcmpl-broken", "choices": [{"index": 0, "mess' },
    hang: { hang: true },
  };
  const stub = await startOpenAIStubServer({
    recordRequests: false,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    respond: (request) => {
      const body = JSON.stringify(request.body.messages ?? []);
      const attempt = attempts.get(body) ?? 0;
      attempts.set(body, attempt + 1);
      const fault = pickFault(mix, uniform(`${seed}\n${attempt}\n${body}`));
      if (fault === undefined) return { text: faultFreeAnswer(lastContent(request)) };
      injected[fault]++;
      return replies[fault];
    },
  });
  return {
    baseURL: stub.baseURL,
    get requestCount() {
      return stub.requestCount;
    },
    injected,
    close: () => stub.close(),
  };
}

function pickFault(mix: FaultMix, draw: number): FaultKind | undefined {
  let bound = 0;
  for (const kind of KINDS) {
    bound += mix[kind] ?? 0;
    if (draw < bound) return kind;
  }
  return undefined;
}

// A number in [0, 1) from a text: the first 48 bits of its hash.
function uniform(text: string): number {
  return createHash('sha256').update(text).digest().readUIntBE(0, 6) / 2 ** 48;
}

function lastContent(request: StubRequest): string {
  const content = request.body.messages?.at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}
