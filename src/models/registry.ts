import type { Project } from '../library/project.ts';
import type { GenerateRequest, ModelParams, ModelRef, ServiceModelRef } from '../spec/model.ts';
import { CacheStore } from '../store/cache-store.ts';
import { CallLog, type CallLogOptions } from '../store/call-log.ts';
import { openDatabase, type SqliteDatabase } from '../store/database.ts';
import { PlumeError } from '../util/errors.ts';
import { sha256, stableStringify } from '../util/hash.ts';
import type { SecretSet } from '../util/secret-set.ts';
import { createAccountedModel, mergeParams } from './accounted-model.ts';
import { selectDefaultModel } from './default-model.ts';
import { parseDuration } from './duration.ts';
import { cacheKey } from './middleware/cache-middleware.ts';
import { ConcurrencyLimiter } from './middleware/concurrency-limiter.ts';
import { middlewareStack } from './middleware/middleware-stack.ts';
import { composeMiddleware } from './middleware/model-middleware.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './middleware/retry-middleware.ts';
import type { Model } from './model.ts';
import { parseModelRef } from './model-ref.ts';
import { priceFor } from './prices.ts';
import { projectSecrets } from './project-secrets.ts';
import { canonicalRef } from './promptfoo-provider-id.ts';
import { type BaseModel, MODEL_FACTORIES } from './provider-factories.ts';
import { type ProviderStatus, providerStatuses } from './provider-status.ts';
import {
  cacheProviderName,
  connectedProvider,
  providerNames,
  type ResolvedProvider,
  resolveProvider,
} from './resolve-provider.ts';
import { ServiceCalls } from './service-calls.ts';

/** What tells apart two models of one name reached at different endpoints or with different keys (a digest: it holds no key). */
function connectionKey(ref: ModelRef): string {
  return ref.connection === undefined ? '' : sha256(stableStringify(ref.connection));
}

/** Options of a registry; the defaults suit the CLI, tests pass short backoffs and their own store. */
export interface ModelRegistryOptions {
  /** The store holding the response cache and the call log; else the project's, opened on first use. */
  db?: SqliteDatabase;
  /** The local provider may download its default model once. */
  download?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Random numbers in [0, 1) for backoff jitter. */
  random?: () => number;
  /** Clock for cache entries and the call log (ms since the epoch). */
  now?: () => number;
  callLog?: CallLogOptions;
}

/** Every model plume can call, by `provider:model` reference, wrapped in the shared middleware. */
export interface ModelRegistry {
  /** The credentials its providers send (keys, header values): redacted from answers, errors and whatever is written. */
  readonly secrets: SecretSet;
  /** The model for a reference; the same object for the same reference and parameters. */
  get(ref: string | ModelRef): Promise<Model>;
  /** The reference used when a prompt names no model (see selectDefaultModel). */
  defaultModelRef(): Promise<string>;
  /** Every provider, configured or not, for `plume models`. */
  list(): Promise<ProviderStatus[]>;
  /** Provider names a reference may use. */
  providerNames(): string[];
  /**
   * The key under which the model `ref` names would look `request` (sample `sample`) up in the
   * response cache, as its cache middleware does, without building the model (no API key
   * needed): for dry runs. Undefined when the cache is off or the provider's answers are not cached.
   */
  cacheKeyer(ref: string | ModelRef): ((request: GenerateRequest, sample: number) => string) | undefined;
  /** Which of `keys` (from cacheKeyer) have an answer in the response cache now. */
  cachedKeys(keys: readonly string[]): Set<string>;
  /** Vectors of `texts` from a provider's embedding model (`openai:embedding:text-embedding-3-small`): cached and logged. */
  embed(ref: ServiceModelRef, texts: readonly string[]): Promise<Float32Array[]>;
  /** The categories a provider's moderation model (`openai:omni-moderation-latest`) flags in `text`: cached and logged. */
  moderate(ref: ServiceModelRef, text: string): Promise<string[]>;
  /** Write the buffered call-log rows now (a run does so before storing cells). */
  flush(): void;
  /** Flush the call log, release local models, close the store when the registry opened it. */
  close(): Promise<void>;
}

export function createModelRegistry(
  project: Project,
  env: NodeJS.ProcessEnv,
  options: ModelRegistryOptions = {},
): ModelRegistry {
  return new Registry(project, env, options);
}

interface Store {
  db: SqliteDatabase;
  owned: boolean;
  cache: CacheStore;
  log: CallLog;
}

class Registry implements ModelRegistry {
  readonly #project: Project;
  readonly #env: NodeJS.ProcessEnv;
  readonly #options: ModelRegistryOptions;
  readonly #policy: RetryPolicy;
  readonly #now: () => number;
  readonly #ttlMs: number | undefined;
  readonly #models = new Map<string, Promise<Model>>();
  readonly #baseModels = new Map<string, Promise<BaseModel>>();
  readonly #limiters = new Map<string, ConcurrencyLimiter>();
  readonly secrets: SecretSet;
  readonly #services: ServiceCalls;
  #store: Store | undefined;

  constructor(project: Project, env: NodeJS.ProcessEnv, options: ModelRegistryOptions) {
    this.#project = project;
    this.#env = env;
    this.#options = options;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#now = options.now ?? Date.now;
    const ttl = project.config.cache.ttl;
    this.#ttlMs = ttl === undefined ? undefined : parseDuration(ttl, 'cache.ttl in plume.yaml');
    this.secrets = projectSecrets(project, env);
    this.#services = new ServiceCalls({
      project,
      env,
      store: () => this.#openStore(),
      now: this.#now,
      ttlMs: this.#ttlMs,
      secrets: this.secrets,
    });
  }

  embed(ref: ServiceModelRef, texts: readonly string[]): Promise<Float32Array[]> {
    return this.#services.embed(ref, texts);
  }

  moderate(ref: ServiceModelRef, text: string): Promise<string[]> {
    return this.#services.moderate(ref, text);
  }

  async get(ref: string | ModelRef): Promise<Model> {
    const parsed = parseModelRef(typeof ref === 'string' ? canonicalRef(ref) : ref, this.providerNames());
    const provider = this.#resolve(parsed);
    const modelName = parsed.model || provider.info.defaultModel;
    if (modelName === undefined) {
      throw new PlumeError({
        code: 'MODEL_REF_INVALID',
        message: `provider '${provider.name}' has no default model`,
        hint: `name one: ${provider.name}:<model>`,
      });
    }
    const key = `${provider.name}:${modelName}\n${stableStringify(parsed.params)}\n${connectionKey(parsed)}`;
    let model = this.#models.get(key);
    if (model === undefined) {
      model = this.#build(provider, modelName, parsed.params, connectionKey(parsed));
      this.#models.set(key, model);
      // A failed build (missing key, no file) is not remembered: the next get tries again.
      model.catch(() => this.#models.delete(key));
    }
    return model;
  }

  defaultModelRef(): Promise<string> {
    return selectDefaultModel(this.#project, this.#env, this.#options.download ?? false);
  }

  list(): Promise<ProviderStatus[]> {
    return providerStatuses(this.#project, this.#env);
  }

  providerNames(): string[] {
    return providerNames(this.#project);
  }

  cacheKeyer(ref: string | ModelRef): ((request: GenerateRequest, sample: number) => string) | undefined {
    if (!this.#project.config.cache.enabled) return undefined;
    const parsed = parseModelRef(typeof ref === 'string' ? canonicalRef(ref) : ref, this.providerNames());
    const provider = this.#resolve(parsed);
    const modelName = parsed.model || provider.info.defaultModel;
    if (!provider.info.cacheable || modelName === undefined) return undefined;
    // The key as the cache middleware sees the call: after the model's parameters are merged in
    // (see #build and createAccountedModel). A local model's name is its file's, known once made:
    // give the made model's ref (Model.ref) rather than `local:default`.
    const params = mergeParams(this.#project.config.defaults ?? {}, parsed.params);
    return (request, sample) =>
      cacheKey(
        cacheProviderName(provider),
        modelName,
        { ...request, params: mergeParams(params, request.params) },
        sample,
      );
  }

  cachedKeys(keys: readonly string[]): Set<string> {
    return this.#openStore().cache.cachedKeys(
      keys,
      this.#ttlMs === undefined ? 0 : this.#now() - this.#ttlMs,
    );
  }

  flush(): void {
    this.#store?.log.flush();
  }

  async close(): Promise<void> {
    const bases = await Promise.allSettled(this.#baseModels.values());
    this.#baseModels.clear();
    this.#models.clear();
    for (const base of bases) if (base.status === 'fulfilled') await base.value.model.close?.();
    const store = this.#store;
    this.#store = undefined;
    store?.log.close();
    if (store?.owned) store.db.close();
  }

  /** The provider a reference names, with its own endpoint and key when it carries them (their values redacted). */
  #resolve(ref: ModelRef): ResolvedProvider {
    const resolved = resolveProvider(this.#project, this.#env, ref.provider);
    return connectedProvider(resolved, ref.connection, this.#env, this.secrets);
  }

  async #build(
    provider: ResolvedProvider,
    requestedName: string,
    params: ModelParams,
    connection: string,
  ): Promise<Model> {
    const { model: base, modelName } = await this.#baseModel(provider, requestedName, connection);
    const store = this.#openStore();
    const id = `${provider.name}:${modelName}`;
    const middleware = middlewareStack({
      provider,
      id,
      modelName,
      cache: store.cache,
      ttlMs: this.#ttlMs,
      limiter: this.#limiter(provider),
      policy: this.#policy,
      now: this.#now,
      random: this.#options.random,
      secrets: this.secrets,
    });
    return createAccountedModel({
      id,
      ref: {
        provider: provider.name,
        model: modelName,
        params: mergeParams(this.#project.config.defaults ?? {}, params),
      },
      capabilities: base.capabilities,
      usageAccuracy: provider.info.usageAccuracy,
      cacheable: provider.info.cacheable,
      pipeline: composeMiddleware(base, middleware),
      price: priceFor(provider, modelName, this.#project.config.prices),
      log: store.log,
      cacheMode: this.#project.config.cache.enabled ? 'use' : 'off',
      now: this.#now,
    });
  }

  #baseModel(provider: ResolvedProvider, modelName: string, connection: string): Promise<BaseModel> {
    const key = `${provider.name}:${modelName}\n${connection}`;
    let base = this.#baseModels.get(key);
    if (base === undefined) {
      const context = { project: this.#project, env: this.#env, download: this.#options.download ?? false };
      base = MODEL_FACTORIES[provider.kind](context, provider, modelName);
      this.#baseModels.set(key, base);
      base.catch(() => this.#baseModels.delete(key));
    }
    return base;
  }

  /** One limiter per provider name, shared by all its models: rate limits are per account. */
  #limiter(provider: ResolvedProvider): ConcurrencyLimiter | undefined {
    if (provider.concurrency === undefined) return undefined;
    let limiter = this.#limiters.get(provider.name);
    if (limiter === undefined) {
      limiter = new ConcurrencyLimiter({ max: provider.concurrency });
      this.#limiters.set(provider.name, limiter);
    }
    return limiter;
  }

  #openStore(): Store {
    if (this.#store === undefined) {
      const db = this.#options.db ?? openDatabase(this.#project.storePath);
      const owned = this.#options.db === undefined;
      this.#store = { db, owned, cache: new CacheStore(db), log: new CallLog(db, this.#options.callLog) };
    }
    return this.#store;
  }
}
