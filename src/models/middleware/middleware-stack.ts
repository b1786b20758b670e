import type { CacheStore } from '../../store/cache-store.ts';
import type { SecretSet } from '../../util/secret-set.ts';
import { cacheProviderName, type ResolvedProvider } from '../resolve-provider.ts';
import { cacheMiddleware } from './cache-middleware.ts';
import type { ConcurrencyLimiter } from './concurrency-limiter.ts';
import { concurrencyMiddleware } from './concurrency-middleware.ts';
import type { ModelMiddleware } from './model-middleware.ts';
import { redactMiddleware } from './redact-middleware.ts';
import { type RetryPolicy, retryMiddleware } from './retry-middleware.ts';
import { timeoutMiddleware } from './timeout-middleware.ts';

/** What the shared middleware of one model needs. */
export interface MiddlewareStackOptions {
  provider: ResolvedProvider;
  /** `provider:model`. */
  id: string;
  modelName: string;
  cache: CacheStore;
  ttlMs: number | undefined;
  /** The provider's limiter; undefined when its calls are not limited. */
  limiter: ConcurrencyLimiter | undefined;
  policy: RetryPolicy;
  now: () => number;
  random?: () => number;
  /** Credentials to clear out of answers and errors; nothing is redacted when empty. */
  secrets: SecretSet;
}

/**
 * The middleware every model goes through, outermost first: cache → retry → concurrency limit →
 * timeout → redaction → provider. Each attempt takes its own slot of the limit, so a call waiting to
 * be retried holds none. Each layer is left out where it has no use (by the provider's properties;
 * redaction when there is no secret).
 */
export function middlewareStack(options: MiddlewareStackOptions): ModelMiddleware[] {
  const { provider, id, limiter } = options;
  const stack: ModelMiddleware[] = [];
  if (provider.info.cacheable) {
    const { cache: store, modelName: model, ttlMs, now } = options;
    const { secrets } = options;
    const cacheProvider = cacheProviderName(provider);
    stack.push(cacheMiddleware({ store, modelId: id, provider: cacheProvider, model, ttlMs, now, secrets }));
  }
  const policy = { ...options.policy, maxRetries: provider.maxRetries ?? options.policy.maxRetries };
  stack.push(retryMiddleware(policy, { random: options.random }));
  if (limiter !== undefined) stack.push(concurrencyMiddleware(limiter));
  stack.push(timeoutMiddleware(id, provider.timeoutMs));
  if (options.secrets.size > 0) stack.push(redactMiddleware(options.secrets));
  return stack;
}
