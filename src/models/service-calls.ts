import type { Project } from '../library/project.ts';
import { type ServiceModelRef, serviceRefName } from '../spec/model.ts';
import type { CacheStore } from '../store/cache-store.ts';
import type { CallLog } from '../store/call-log.ts';
import { isPlumeError, PlumeError } from '../util/errors.ts';
import { hashValue } from '../util/hash.ts';
import type { SecretSet } from '../util/secret-set.ts';
import { parseEmbeddingRef } from './embedding/embedding-ref.ts';
import { costOf, priceFor } from './prices.ts';
import { postEmbeddings, postModeration, serviceEndpoint } from './providers/openai-services.ts';
import { connectedProvider, resolveProvider } from './resolve-provider.ts';

/** The moderation model a `moderation` check uses when it names none (promptfoo's default). */
export const DEFAULT_MODERATION_REF = 'openai:omni-moderation-latest';

/** What service calls share with the registry: the store (on first use), the clock and the secrets. */
export interface ServiceContext {
  project: Project;
  env: NodeJS.ProcessEnv;
  store: () => { cache: CacheStore; log: CallLog };
  now: () => number;
  ttlMs: number | undefined;
  secrets: SecretSet;
}

/**
 * Calls of OpenAI-type providers that are not chat: embeddings and moderations. Each text's answer
 * is kept in the response cache (one entry per text, so a reference embedded for one cell is not
 * paid again for the next), and each call is written to the call log with its cost.
 */
export class ServiceCalls {
  readonly #context: ServiceContext;

  constructor(context: ServiceContext) {
    this.#context = context;
  }

  /** Vectors of `texts` from the embedding model `ref` (`openai:embedding:text-embedding-3-small`). */
  async embed(ref: ServiceModelRef, texts: readonly string[]): Promise<Float32Array[]> {
    const { provider, model } = this.#resolve(ref, 'embeddings');
    const endpoint = serviceEndpoint(provider, model, 'embeddings');
    const keys = texts.map((text) => hashValue({ service: 'embeddings', model: endpoint.id, text }));
    const kept = keys.map((key) => this.#cached(key));
    const missing = texts.flatMap((text, index) => (kept[index] === undefined ? [{ text, index }] : []));
    if (missing.length < texts.length) this.#log(endpoint.id, 0, true, undefined, 0);
    if (missing.length > 0) {
      const started = this.#context.now();
      const answer = await this.#call(endpoint.id, started, () =>
        postEmbeddings(
          endpoint,
          missing.map((entry) => entry.text),
          provider.timeoutMs ?? provider.info.timeoutMs,
        ),
      );
      const price = priceFor(provider, model, this.#context.project.config.prices);
      this.#log(
        endpoint.id,
        answer.inputTokens,
        false,
        costOf(price, answer.inputTokens, 0),
        this.#context.now() - started,
      );
      for (const [position, entry] of missing.entries()) {
        const text = JSON.stringify(answer.vectors[position]);
        kept[entry.index] = text;
        this.#keep(keys[entry.index]!, endpoint.id, text);
      }
    }
    return kept.map((text) => Float32Array.from(JSON.parse(text!) as number[]));
  }

  /** The categories the moderation model `ref` flags in `text`. */
  async moderate(ref: ServiceModelRef, text: string): Promise<string[]> {
    const { provider, model } = this.#resolve(ref, 'moderation');
    const endpoint = serviceEndpoint(provider, model, 'moderations');
    const key = hashValue({ service: 'moderations', model: endpoint.id, text });
    const kept = this.#cached(key);
    if (kept !== undefined) {
      this.#log(endpoint.id, 0, true, 0, 0);
      return JSON.parse(kept) as string[];
    }
    const started = this.#context.now();
    const flagged = await this.#call(endpoint.id, started, () =>
      postModeration(endpoint, text, provider.timeoutMs ?? provider.info.timeoutMs),
    );
    this.#log(endpoint.id, 0, false, 0, this.#context.now() - started);
    this.#keep(key, endpoint.id, JSON.stringify(flagged));
    return flagged;
  }

  #resolve(asked: ServiceModelRef, service: 'embeddings' | 'moderation') {
    const ref = serviceRefName(asked);
    const parsed = parseEmbeddingRef(ref.replace(/^([^:]+):moderations?:/, '$1:'));
    if (parsed === undefined) {
      throw new PlumeError({
        code: 'MODEL_REF_INVALID',
        message: `'${ref}' names no ${service} model`,
        hint:
          service === 'embeddings'
            ? 'write provider:embedding:model, such as openai:embedding:text-embedding-3-small'
            : `write provider:moderation:model, such as ${DEFAULT_MODERATION_REF}`,
      });
    }
    const resolved = resolveProvider(this.#context.project, this.#context.env, parsed.provider);
    // The suite's own endpoint and key for this model, when it gives them.
    const connection = typeof asked === 'string' ? undefined : asked.connection;
    return {
      provider: connectedProvider(resolved, connection, this.#context.env, this.#context.secrets),
      model: parsed.model,
    };
  }

  async #call<T>(id: string, started: number, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const code = isPlumeError(error) ? error.code : 'INTERNAL';
      this.#context.store().log.append({
        at: started,
        modelId: id,
        cacheKey: undefined,
        inputTokens: undefined,
        outputTokens: undefined,
        costUsd: undefined,
        latencyMs: this.#context.now() - started,
        cached: false,
        errorCode: code,
      });
      if (!isPlumeError(error)) throw error;
      // A provider's error text may quote the key it was sent.
      throw new PlumeError({
        code: error.code,
        message: this.#context.secrets.redact(error.message),
        hint: error.hint,
        statusCode: error.statusCode,
        retryable: error.retryable,
      });
    }
  }

  #cached(key: string): string | undefined {
    if (!this.#context.project.config.cache.enabled) return undefined;
    const notBefore = this.#context.ttlMs === undefined ? 0 : this.#context.now() - this.#context.ttlMs;
    return this.#context.store().cache.get(key, notBefore)?.text;
  }

  #keep(key: string, id: string, text: string): void {
    if (!this.#context.project.config.cache.enabled) return;
    const result = { text, usage: { inputTokens: 0, outputTokens: 0 }, finishReason: 'stop' };
    this.#context.store().cache.put(key, id, result, this.#context.now());
  }

  #log(
    id: string,
    inputTokens: number,
    cached: boolean,
    costUsd: number | undefined,
    latencyMs: number,
  ): void {
    this.#context.store().log.append({
      at: this.#context.now(),
      modelId: id,
      cacheKey: undefined,
      inputTokens,
      outputTokens: 0,
      costUsd: cached ? 0 : costUsd,
      latencyMs,
      cached,
      errorCode: undefined,
    });
  }
}
