import { resolve } from 'node:path';
import type { Project } from '../../library/project.ts';
import { type ServiceModelRef, serviceRefName } from '../../spec/model.ts';
import { PlumeError } from '../../util/errors.ts';
import { resolveProvider } from '../resolve-provider.ts';
import type { Embedder } from './embedder.ts';

/** promptfoo's default embedding model, used when OpenAI has a key and the project no local embedder. */
export const DEFAULT_PROVIDER_EMBEDDING = 'openai:embedding:text-embedding-3-large';

/** Names a check may give in `provider` for the project's own (local Model2Vec) embedder. */
const LOCAL_NAMES = new Set(['local', 'model2vec', 'local:default']);

/**
 * Texts to vectors with the embedder a check names (undefined: the default one); resolves to
 * undefined when there is no such embedder (the check is then undecided, with advice).
 */
export type ProjectEmbed = (
  texts: string[],
  provider: ServiceModelRef | undefined,
) => Promise<Float32Array[] | undefined>;

/** Where a provider's embedding model is asked (the registry: cached, logged, priced). */
export interface ProviderEmbeddings {
  embed(ref: ServiceModelRef, texts: readonly string[]): Promise<Float32Array[]>;
}

/**
 * The embedding function of a run's `similar` and `answer-relevance` checks. A check naming a
 * provider's embedding model (`openai:embedding:text-embedding-3-small`) is answered by that
 * provider through `providers`; one naming none (or `local`) by the local Model2Vec folder of
 * `embedding.model` in plume.yaml, else PLUME_EMBEDDING_MODEL, loaded on first use and shared;
 * one naming none without a local folder by OpenAI's text-embedding-3-large when OpenAI has a key
 * (promptfoo's default). Undefined when neither a local folder nor `providers` is at hand.
 */
export function projectEmbedder(
  project: Project,
  env: NodeJS.ProcessEnv,
  providers?: ProviderEmbeddings,
): ProjectEmbed | undefined {
  const local = localEmbedder(project, env);
  if (local === undefined && providers === undefined) return undefined;
  const fallback = local === undefined && openAiHasKey(project, env) ? DEFAULT_PROVIDER_EMBEDDING : undefined;
  return async (texts, provider) => {
    if (provider === undefined && local === undefined && fallback !== undefined) {
      return providers?.embed(fallback, texts);
    }
    if (provider === undefined || (typeof provider === 'string' && LOCAL_NAMES.has(provider)))
      return local?.(texts);
    if (providers === undefined) {
      throw new PlumeError({
        code: 'MODEL_UNAVAILABLE',
        message: `embedding provider '${serviceRefName(provider)}' is not supported here`,
        hint: 'leave out `provider` to use the local Model2Vec embedder set by embedding.model in plume.yaml',
      });
    }
    return providers.embed(provider, texts);
  };
}

/** Whether checks that name no embedding model have one: a local folder, else OpenAI's with its key. */
export function hasDefaultEmbedder(project: Project, env: NodeJS.ProcessEnv): boolean {
  return localFolder(project, env) !== undefined || openAiHasKey(project, env);
}

function openAiHasKey(project: Project, env: NodeJS.ProcessEnv): boolean {
  try {
    return resolveProvider(project, env, 'openai').apiKey !== undefined;
  } catch {
    // A plume.yaml entry named openai that cannot be read: no default from it.
    return false;
  }
}

function localFolder(project: Project, env: NodeJS.ProcessEnv): string | undefined {
  const configured = project.config.embedding?.model ?? nonEmpty(env.PLUME_EMBEDDING_MODEL);
  return configured === undefined ? undefined : resolve(project.root, configured);
}

function localEmbedder(
  project: Project,
  env: NodeJS.ProcessEnv,
): ((texts: string[]) => Promise<Float32Array[]>) | undefined {
  const folder = localFolder(project, env);
  if (folder === undefined) return undefined;
  let embedder: Promise<Embedder> | undefined;
  return async (texts) => {
    if (embedder === undefined) {
      // The reader of Model2Vec folders loads with the first embedding asked for.
      embedder = import('./model2vec.ts').then(({ createModel2VecEmbedder }) =>
        createModel2VecEmbedder(folder),
      );
      // A folder that failed to load is tried again by the next call.
      embedder.catch(() => {
        embedder = undefined;
      });
    }
    return (await embedder).embed(texts);
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** `{ embed }` for run options: the project's embedder and, with `providers`, providers' embedding models. */
export function projectEmbedOption(
  project: Project,
  env: NodeJS.ProcessEnv,
  providers?: ProviderEmbeddings,
): { embed?: ProjectEmbed } {
  const embed = projectEmbedder(project, env, providers);
  return embed === undefined ? {} : { embed };
}
