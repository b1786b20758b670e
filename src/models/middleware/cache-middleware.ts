import type { GenerateRequest, Message, ProviderResult } from '../../spec/model.ts';
import type { CacheStore } from '../../store/cache-store.ts';
import { hashValue, sha256, stableStringify } from '../../util/hash.ts';
import type { SecretSet } from '../../util/secret-set.ts';
import { isCutShort } from '../finish-reason.ts';
import type { ModelMiddleware } from './model-middleware.ts';

/** Bump when the key's inputs change meaning, so old entries stop matching. */
const KEY_VERSION = 1;

/**
 * The cache key of a request: a hash over provider, model, parameters (all but `timeoutMs`, which
 * changes how long we wait, not the answer; `seed` included), messages, output schema and sample index.
 */
export function cacheKey(provider: string, model: string, request: GenerateRequest, sample: number): string {
  const { timeoutMs: _timeout, ...params } = request.params;
  const messages = plainMessagesText(request.messages);
  if (messages === undefined) {
    return hashValue({
      v: KEY_VERSION,
      provider,
      model,
      params,
      messages: request.messages,
      outputSchema: request.outputSchema,
      sample: sample === 0 ? undefined : sample,
    });
  }
  // The same stable JSON as hashValue writes for the object above (keys in sorted order), built
  // without walking and sorting it: this runs for every cell of a cached run.
  const schema =
    request.outputSchema === undefined ? '' : `,"outputSchema":${stableStringify(request.outputSchema)}`;
  const sampled = sample === 0 ? '' : `,"sample":${sample}`;
  return sha256(
    `{"messages":${messages},"model":${JSON.stringify(model)}${schema},"params":${stableStringify(params)},"provider":${JSON.stringify(provider)}${sampled},"v":${KEY_VERSION}}`,
  );
}

// Messages of a role and a text each, as stable JSON; undefined for any other shape.
function plainMessagesText(messages: readonly Message[]): string | undefined {
  let text = '[';
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (typeof message.role !== 'string' || typeof message.content !== 'string') return undefined;
    let keys = 0;
    for (const key in message) if (Object.hasOwn(message, key)) keys++;
    if (keys !== 2) return undefined;
    if (index > 0) text += ',';
    text += `{"content":${JSON.stringify(message.content)},"role":${JSON.stringify(message.role)}}`;
  }
  return `${text}]`;
}

export interface CacheMiddlewareOptions {
  store: CacheStore;
  /** `provider:model`, recorded with each entry so entries can be cleared per model. */
  modelId: string;
  provider: string;
  model: string;
  /** Entries older than this are misses; undefined keeps them forever. */
  ttlMs: number | undefined;
  now: () => number;
  /**
   * Credentials plume sends: an answer stored before one of them was known (a key set since) holds
   * it in clear. A hit is cleared of them, and its stored copy replaced by the cleared one.
   */
  secrets?: SecretSet;
}

/**
 * The response cache: a hit answers without any request; a miss calls through and stores the
 * answer. Errors are never stored (they throw past the write), nor answers cut short (isCutShort).
 * A streamed miss is stored on finish; a streamed hit replays the text as one delta.
 */
export function cacheMiddleware(options: CacheMiddlewareOptions): ModelMiddleware {
  const { store, modelId, provider, model, ttlMs, now, secrets } = options;
  const notBefore = (): number => (ttlMs === undefined ? 0 : now() - ttlMs);
  const cleared = (key: string, hit: ProviderResult): ProviderResult => {
    if (secrets === undefined || secrets.size === 0) return hit;
    const text = secrets.redact(hit.text);
    if (text === hit.text) return hit;
    const clean = { ...hit, text };
    store.put(key, modelId, clean, now());
    return clean;
  };
  return {
    async generate(request, call, next) {
      if (call.cacheMode === 'off') return next(request, call);
      const key = cacheKey(provider, model, request, call.sample);
      call.cacheKey = key;
      if (call.cacheMode === 'use') {
        const hit = await store.lookup(key, notBefore());
        if (hit !== undefined) {
          call.cached = true;
          return cleared(key, hit);
        }
      }
      const result = await next(request, call);
      if (!isCutShort(result)) store.put(key, modelId, result, now());
      return result;
    },
    async *stream(request, call, next) {
      if (call.cacheMode === 'off') {
        yield* next(request, call);
        return;
      }
      const key = cacheKey(provider, model, request, call.sample);
      call.cacheKey = key;
      const stored = call.cacheMode === 'use' ? await store.lookup(key, notBefore()) : undefined;
      if (stored !== undefined) {
        const hit = cleared(key, stored);
        call.cached = true;
        if (hit.text.length > 0) yield { type: 'text', text: hit.text };
        yield { type: 'finish', result: hit };
        return;
      }
      for await (const event of next(request, call)) {
        if (event.type === 'finish' && !isCutShort(event.result))
          store.put(key, modelId, event.result, now());
        yield event;
      }
    },
  };
}
