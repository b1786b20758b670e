import type { Project } from '../library/project.ts';
import { isPlumeError } from '../util/errors.ts';
import type { ProviderKind } from './provider-kinds.ts';
import { DEFAULT_LOCAL_MODEL, findLocalModel, isModuleMissing } from './providers/local-runtime.ts';
import { providerNames, type ResolvedProvider, resolveProvider } from './resolve-provider.ts';

/** One provider as `plume models` shows it. Says whether a key is set, never what it is. */
export interface ProviderStatus {
  name: string;
  kind: ProviderKind | undefined;
  builtin: boolean;
  /** Named under `providers:` in plume.yaml. */
  configured: boolean;
  baseURL: string | undefined;
  /** The variable the key is read from; undefined when no key is needed. */
  apiKeyEnv: string | undefined;
  /** Whether that variable is set; undefined when no key is needed. */
  keySet: boolean | undefined;
  /** Calls can be made (as far as can be told without calling). */
  available: boolean;
  defaultModel: string | undefined;
  /** One line for people: why it is or is not available. */
  detail: string;
  /** The local model file and where its path came from, for the local provider. */
  localModel?: { path: string; source: string };
}

type StatusCheck = (
  provider: ResolvedProvider,
  project: Project,
  env: NodeJS.ProcessEnv,
) => Promise<Partial<ProviderStatus>>;

const keyStatus: StatusCheck = async (provider) => {
  const unset = provider.unsetHeaders[0];
  if (unset !== undefined) {
    return {
      keySet: provider.apiKeyEnv === undefined ? undefined : provider.apiKey !== undefined,
      available: false,
      detail: `${unset.env} is not set (header ${unset.header})`,
    };
  }
  if (provider.apiKeyEnv === undefined) {
    // No call is made to see whether the server answers: listing stays instant and offline.
    return {
      available: true,
      detail: `no key needed · ${provider.baseURL ?? 'default endpoint'} (not checked)`,
    };
  }
  const keySet = provider.apiKey !== undefined;
  return {
    keySet,
    available: keySet,
    detail: keySet ? `key set in ${provider.apiKeyEnv}` : `${provider.apiKeyEnv} is not set`,
  };
};

const localStatus: StatusCheck = async (_provider, project, env) => {
  try {
    const found = await findLocalModel(project, env, DEFAULT_LOCAL_MODEL, false);
    if (found === undefined) {
      return {
        available: false,
        detail: 'no model file: set PLUME_LOCAL_MODEL=/path/to/model.gguf or local.model in plume.yaml',
      };
    }
    return { available: true, localModel: found, detail: `${found.path} (${found.source})` };
  } catch (error) {
    if (isModuleMissing(error))
      return { available: false, detail: 'the local model runtime is not installed' };
    return {
      available: false,
      detail: isPlumeError(error) ? error.message : 'the local model could not be checked',
    };
  }
};

/** Built-in instruments (echo, sim): always there. */
const builtinStatus: StatusCheck = async (provider) => ({
  available: true,
  detail: provider.info.description,
});

/** How each kind of provider tells whether it can be used. */
const STATUS_CHECKS: Record<ProviderKind, StatusCheck> = {
  openai: keyStatus,
  anthropic: keyStatus,
  google: keyStatus,
  mistral: keyStatus,
  'openai-compatible': keyStatus,
  ollama: keyStatus,
  local: localStatus,
  echo: builtinStatus,
  sim: builtinStatus,
};

/** Every provider, built in or configured, with what it needs and whether it has it. No network calls. */
export async function providerStatuses(project: Project, env: NodeJS.ProcessEnv): Promise<ProviderStatus[]> {
  return Promise.all(providerNames(project).map((name) => providerStatus(project, env, name)));
}

async function providerStatus(
  project: Project,
  env: NodeJS.ProcessEnv,
  name: string,
): Promise<ProviderStatus> {
  const configured = Object.hasOwn(project.config.providers, name);
  let provider: ResolvedProvider;
  try {
    provider = resolveProvider(project, env, name);
  } catch (error) {
    // A broken plume.yaml entry is shown as such, so the other providers are still listed.
    const detail = isPlumeError(error) ? error.describe() : String(error);
    const base = {
      name,
      kind: undefined,
      builtin: false,
      configured,
      baseURL: undefined,
      apiKeyEnv: undefined,
    };
    return { ...base, keySet: undefined, available: false, defaultModel: undefined, detail };
  }
  const status = await STATUS_CHECKS[provider.kind](provider, project, env);
  return {
    name,
    kind: provider.kind,
    builtin: provider.info.builtin && name === provider.kind,
    configured,
    baseURL: provider.baseURL,
    apiKeyEnv: provider.apiKeyEnv,
    keySet: undefined,
    available: false,
    defaultModel: provider.info.defaultModel,
    detail: '',
    ...status,
  };
}
