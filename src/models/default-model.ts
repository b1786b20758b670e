import type { Project } from '../library/project.ts';
import { PlumeError } from '../util/errors.ts';
import { PROVIDER_KINDS, type ProviderKind } from './provider-kinds.ts';
import {
  DEFAULT_LOCAL_MODEL,
  findLocalModel,
  isModuleMissing,
  localModelName,
} from './providers/local-runtime.ts';
import { resolveProvider } from './resolve-provider.ts';

/** Hosted providers that can be picked without configuration, in the order they are tried. */
const HOSTED_BY_PREFERENCE = (Object.keys(PROVIDER_KINDS) as ProviderKind[])
  .filter((kind) => PROVIDER_KINDS[kind].defaultOrder !== undefined)
  .sort((a, b) => PROVIDER_KINDS[a].defaultOrder! - PROVIDER_KINDS[b].defaultOrder!);

/**
 * The model used when a prompt names none: plume.yaml `defaultModel`; else the small default model
 * of the first hosted provider whose key is set; else the local model, when one is found (or may be
 * downloaded); else MODEL_UNAVAILABLE saying how to get one.
 */
export async function selectDefaultModel(
  project: Project,
  env: NodeJS.ProcessEnv,
  download: boolean,
): Promise<string> {
  if (project.config.defaultModel !== undefined) return project.config.defaultModel;
  for (const kind of HOSTED_BY_PREFERENCE) {
    const provider = resolveProvider(project, env, kind);
    if (provider.apiKey !== undefined) return `${provider.name}:${PROVIDER_KINDS[kind].defaultModel}`;
  }
  const local = await findLocalModelIfInstalled(project, env, download);
  if (local !== undefined) return `local:${localModelName(local.path)}`;
  const keys = HOSTED_BY_PREFERENCE.map((kind) => resolveProvider(project, env, kind).apiKeyEnv);
  throw new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: 'no model available: no provider key is set and no local model file was found',
    hint: `set one of ${keys.join(', ')}; or PLUME_LOCAL_MODEL=/path/to/model.gguf; or allow the one-time download of the default local model; or set defaultModel in plume.yaml`,
  });
}

/** The local model file, or undefined when there is none or the local runtime is not installed. */
async function findLocalModelIfInstalled(project: Project, env: NodeJS.ProcessEnv, download: boolean) {
  try {
    return await findLocalModel(project, env, DEFAULT_LOCAL_MODEL, download);
  } catch (error) {
    if (isModuleMissing(error)) return undefined;
    throw error;
  }
}
