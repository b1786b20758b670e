import type { Project } from '../library/project.ts';
import type { ModelConnection } from '../spec/model.ts';
import type { HeaderValue, ProviderConfig } from '../spec/project-config.ts';
import { PlumeError } from '../util/errors.ts';
import type { SecretSet } from '../util/secret-set.ts';
import { compatibleHost } from './compatible-hosts.ts';
import {
  BUILTIN_PROVIDER_NAMES,
  isProviderKind,
  PROVIDER_KINDS,
  type ProviderKind,
  type ProviderKindInfo,
} from './provider-kinds.ts';

/** A provider name with plume.yaml and the environment applied. Holds the key: never print or store it. */
export interface ResolvedProvider {
  name: string;
  kind: ProviderKind;
  info: ProviderKindInfo;
  /** Named under `providers:` in plume.yaml. */
  configured: boolean;
  baseURL: string | undefined;
  /** The variable the key is read from; undefined when none is needed. */
  apiKeyEnv: string | undefined;
  apiKey: string | undefined;
  /** Headers with their values, those read from the environment included. */
  headers: Record<string, string> | undefined;
  /** Every value sent as a credential (the key, each header's value) and where it comes from. */
  credentials: Credential[];
  /** Headers whose variable (`{ env: NAME }`) is not set. */
  unsetHeaders: { header: string; env: string }[];
  concurrency: number | undefined;
  timeoutMs: number | undefined;
  maxRetries: number | undefined;
  /**
   * The base URL a suite entry reaches the provider at instead of its own (withConnection): its
   * answers are cached apart from the provider's. Undefined for the provider's own endpoint.
   */
  cacheScope?: string;
}

/** A value a provider sends as a credential, and where it comes from: a variable's name, a setting's path. */
export interface Credential {
  value: string;
  source: string;
}

/** Every provider name a reference may use: the built-ins, then those of plume.yaml. */
export function providerNames(project: Project): string[] {
  const names: string[] = [...BUILTIN_PROVIDER_NAMES];
  for (const name of Object.keys(project.config.providers)) if (!names.includes(name)) names.push(name);
  return names;
}

/** Settings of the provider `name`; a user error when the name is unknown or its plume.yaml entry is incomplete. */
export function resolveProvider(project: Project, env: NodeJS.ProcessEnv, name: string): ResolvedProvider {
  const entry = Object.hasOwn(project.config.providers, name) ? project.config.providers[name] : undefined;
  if (entry === undefined) {
    const host = compatibleHost(name);
    if (host !== undefined) {
      const hostEntry = {
        type: 'openai-compatible',
        baseURL: host.baseURL,
        apiKeyEnv: host.apiKeyEnv,
      } as const;
      return settings(project, env, name, 'openai-compatible', hostEntry, false);
    }
    if (!isProviderKind(name) || !PROVIDER_KINDS[name].builtin) throw unknownProvider(project, name);
    return settings(project, env, name, name, {}, false);
  }
  return settings(project, env, name, kindOf(project, name, entry), entry, true);
}

function kindOf(project: Project, name: string, entry: ProviderConfig): ProviderKind {
  const kind = entry.type ?? (isProviderKind(name) ? name : undefined);
  // The sim test instrument may be given a concurrency limit, as a provider has, so that waits
  // for the limit can be measured offline; nothing else.
  if (kind === 'sim' && Object.keys(entry).every((key) => key === 'type' || key === 'concurrency'))
    return kind;
  if (kind === 'local' || kind === 'echo' || kind === 'sim') {
    throw configError(
      project,
      name,
      `providers.${name}: '${name}' is built in and takes no provider settings`,
      {
        local: 'configure the local model under `local:` instead',
        echo: 'remove this entry: echo needs no settings',
        sim: 'the sim test instrument takes only `concurrency` here; its other settings are per model, with `config.sim` in a suite (docs/simulator.md)',
      }[kind],
    );
  }
  if (kind === undefined) {
    throw configError(
      project,
      name,
      `providers.${name} has no type`,
      'add `type: openai-compatible` (with baseURL) or the built-in type it speaks (openai, anthropic, ...)',
    );
  }
  if (kind === 'openai-compatible' && entry.baseURL === undefined) {
    throw configError(
      project,
      name,
      `providers.${name} has no baseURL`,
      'an openai-compatible provider needs the URL of its /v1 endpoint',
    );
  }
  return kind;
}

function settings(
  project: Project,
  env: NodeJS.ProcessEnv,
  name: string,
  kind: ProviderKind,
  entry: ProviderConfig,
  configured: boolean,
): ResolvedProvider {
  const info = PROVIDER_KINDS[kind];
  const apiKeyEnv = entry.apiKeyEnv ?? info.apiKeyEnv;
  const concurrency =
    kind === 'local' ? (project.config.local.sequences ?? info.concurrency) : info.concurrency;
  const apiKey = apiKeyEnv === undefined ? undefined : nonEmpty(env[apiKeyEnv]);
  const headers = resolveHeaders(name, entry.headers, env);
  return {
    name,
    kind,
    info,
    configured,
    baseURL: entry.baseURL ?? defaultBaseURL(kind, env),
    apiKeyEnv,
    apiKey,
    headers: headers.values,
    credentials: [
      ...(apiKey === undefined || apiKeyEnv === undefined ? [] : [{ value: apiKey, source: apiKeyEnv }]),
      ...headers.credentials,
    ],
    unsetHeaders: headers.unset,
    concurrency: entry.concurrency ?? concurrency,
    timeoutMs: entry.timeoutMs ?? info.timeoutMs,
    maxRetries: entry.maxRetries,
  };
}

/**
 * The provider reached through a suite entry's own endpoint and key (withConnection), with its
 * credentials added to `secrets`, so that no error or output shows them.
 */
export function connectedProvider(
  provider: ResolvedProvider,
  connection: ModelConnection | undefined,
  env: NodeJS.ProcessEnv,
  secrets: SecretSet,
): ResolvedProvider {
  const connected = withConnection(provider, connection, env);
  if (connected !== provider)
    for (const credential of connected.credentials) secrets.add(credential.value, credential.source);
  return connected;
}

/**
 * The provider as one model entry of a suite reaches it (promptfoo's apiBaseUrl, apiKey,
 * apiKeyEnvar, headers): its endpoint, key and headers replace or extend the provider's own.
 */
export function withConnection(
  provider: ResolvedProvider,
  connection: ModelConnection | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedProvider {
  if (connection === undefined) return provider;
  const apiKeyEnv = connection.apiKeyEnv ?? provider.apiKeyEnv;
  const apiKey =
    connection.apiKey ??
    (connection.apiKeyEnv === undefined ? provider.apiKey : nonEmpty(env[connection.apiKeyEnv]));
  const keySource = connection.apiKey === undefined ? apiKeyEnv : `the suite's apiKey for ${provider.name}`;
  const headers = connection.headers === undefined ? [] : Object.entries(connection.headers);
  const baseURL =
    connection.baseURL ??
    (connection.baseURLEnv === undefined ? undefined : nonEmpty(env[connection.baseURLEnv])) ??
    provider.baseURL;
  return {
    ...provider,
    baseURL,
    ...(baseURL === provider.baseURL || baseURL === undefined ? {} : { cacheScope: baseURL }),
    apiKeyEnv,
    apiKey,
    headers: headers.length === 0 ? provider.headers : { ...provider.headers, ...connection.headers },
    credentials: [
      ...provider.credentials.filter((credential) => credential.value !== provider.apiKey),
      ...(apiKey === undefined || keySource === undefined ? [] : [{ value: apiKey, source: keySource }]),
      ...headers.map(([header, value]) => ({
        value,
        source: `the suite's header ${header} for ${provider.name}`,
      })),
    ],
  };
}

/** The provider's name as the response cache keys its answers: with the base URL of a suite entry's own endpoint. */
export function cacheProviderName(provider: ResolvedProvider): string {
  return provider.cacheScope === undefined ? provider.name : `${provider.name}@${provider.cacheScope}`;
}

/** Header values, read from the environment where plume.yaml says `{ env: NAME }`; all are credentials. */
function resolveHeaders(
  provider: string,
  entries: Record<string, HeaderValue> | undefined,
  env: NodeJS.ProcessEnv,
): {
  values: Record<string, string> | undefined;
  credentials: Credential[];
  unset: ResolvedProvider['unsetHeaders'];
} {
  if (entries === undefined) return { values: undefined, credentials: [], unset: [] };
  const values: Record<string, string> = {};
  const credentials: Credential[] = [];
  const unset: ResolvedProvider['unsetHeaders'] = [];
  for (const [header, entry] of Object.entries(entries)) {
    const value = typeof entry === 'string' ? entry : nonEmpty(env[entry.env]);
    if (value === undefined) {
      if (typeof entry !== 'string') unset.push({ header, env: entry.env });
      continue;
    }
    values[header] = value;
    credentials.push({
      value,
      source: typeof entry === 'string' ? `providers.${provider}.headers.${header}` : entry.env,
    });
  }
  return { values, credentials, unset };
}

function defaultBaseURL(kind: ProviderKind, env: NodeJS.ProcessEnv): string | undefined {
  // Ollama's own variable, so a server elsewhere works without plume.yaml.
  const ollamaHost = kind === 'ollama' ? nonEmpty(env.OLLAMA_HOST) : undefined;
  if (ollamaHost !== undefined) {
    const withScheme = /^https?:\/\//.test(ollamaHost) ? ollamaHost : `http://${ollamaHost}`;
    return `${withScheme.replace(/\/+$/, '')}/api`;
  }
  return PROVIDER_KINDS[kind].baseURL;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The error for a key that is not set: names the variable, never a value. */
export function missingKey(provider: ResolvedProvider): PlumeError {
  return new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: `provider '${provider.name}' needs an API key: ${provider.apiKeyEnv} is not set`,
    hint: `set ${provider.apiKeyEnv} in the environment (or name another variable with providers.${provider.name}.apiKeyEnv in plume.yaml)`,
  });
}

/** The error for a header whose variable is not set: names the variable, never a value. */
export function missingHeader(provider: ResolvedProvider, header: string, env: string): PlumeError {
  return new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: `provider '${provider.name}' sends the header ${header} from ${env}, which is not set`,
    hint: `set ${env} in the environment, or change providers.${provider.name}.headers.${header} in plume.yaml`,
  });
}

function unknownProvider(project: Project, name: string): PlumeError {
  return new PlumeError({
    code: 'MODEL_REF_INVALID',
    message: `unknown provider '${name}'`,
    hint: `known providers: ${providerNames(project).join(', ')}; add others under \`providers:\` in plume.yaml`,
  });
}

// At the provider's entry in plume.yaml.
function configError(project: Project, name: string, message: string, hint: string): PlumeError {
  const location =
    project.locateConfig?.(['providers', name], { key: true }) ??
    (project.configPath === undefined ? undefined : { file: project.configPath });
  return new PlumeError({ code: 'CONFIG_INVALID', message, hint, location });
}
