import { resolve } from 'node:path';
import type { Project } from '../../library/project.ts';
import { PlumeError } from '../../util/errors.ts';
import type { Embedder } from './embedder.ts';

/** Names `similar` checks may give in `provider` for the project's own embedder. */
const LOCAL_NAMES = new Set(['local', 'model2vec', 'local:default']);

/** Texts to vectors with the embedder a check names (undefined: the project's). */
export type ProjectEmbed = (texts: string[], provider: string | undefined) => Promise<Float32Array[]>;

/**
 * The project's embedding function for `similar` checks, or undefined when none is configured:
 * a local Model2Vec folder from `embedding.model` in plume.yaml, else PLUME_EMBEDDING_MODEL. The
 * model is loaded on first use and shared. A check naming another provider gets an error saying
 * that only the local embedder is supported.
 */
export function projectEmbedder(project: Project, env: NodeJS.ProcessEnv): ProjectEmbed | undefined {
  const configured = project.config.embedding?.model ?? nonEmpty(env.PLUME_EMBEDDING_MODEL);
  if (configured === undefined) return undefined;
  const folder = resolve(project.root, configured);
  let embedder: Promise<Embedder> | undefined;
  return async (texts, provider) => {
    if (provider !== undefined && !LOCAL_NAMES.has(provider)) {
      throw new PlumeError({
        code: 'MODEL_UNAVAILABLE',
        message: `embedding provider '${provider}' is not supported`,
        hint: 'leave out `provider` to use the local Model2Vec embedder set by embedding.model in plume.yaml',
      });
    }
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

/** `{ embed }` with the project's embedder, or `{}` when none is configured: to spread into run options. */
export function projectEmbedOption(project: Project, env: NodeJS.ProcessEnv): { embed?: ProjectEmbed } {
  const embed = projectEmbedder(project, env);
  return embed === undefined ? {} : { embed };
}
