import { type ModelConnection, type ModelParams, modelParamsSchema } from '../../spec/model.ts';
import {
  CONNECTION_KEYS,
  PARAMETER_ALIASES,
  type ParameterAlias,
  type ProviderConfigInput,
} from '../../spec/provider-config.ts';
import { closestKey } from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { IGNORED_KEYS } from './promptfoo-ignored-keys.ts';
import { suiteError } from './suite-error.ts';

/** Gemini's nested sampling settings, read as if written at the top of config. */
const NESTED_PARAMETERS = 'generationConfig';

/** What a model entry's config says: its parameters, its own endpoint and key, and what plume ignored. */
export interface ProviderSettings {
  params: ModelParams;
  connection: ModelConnection | undefined;
  /** Keys of the config plume does not honour. */
  ignored: string[];
}

const PLUME_KEYS = [
  'temperature',
  'maxTokens',
  'topP',
  'topK',
  'seed',
  'stop',
  'presencePenalty',
  'frequencyPenalty',
  'timeoutMs',
  'sim',
] as const satisfies readonly (keyof ModelParams)[];

const KNOWN_KEYS = [...PLUME_KEYS, ...Object.keys(PARAMETER_ALIASES), ...CONNECTION_KEYS];

/**
 * Read a model entry's `config`: plume's parameters as they are, promptfoo's aliases as the
 * parameters they name, the endpoint and key keys as the entry's connection (for `provider`, whose
 * base URLs differ in form). `at(key)` locates a key for errors.
 */
export function readProviderConfig(
  config: ProviderConfigInput | undefined,
  provider: string,
  at: (path: readonly string[]) => SourceLocation,
): ProviderSettings {
  const params: Record<string, unknown> = {};
  const ignored: string[] = [];
  const setFrom = (key: string, value: unknown, path: readonly string[]) => {
    const name: string = Object.hasOwn(PARAMETER_ALIASES, key)
      ? PARAMETER_ALIASES[key as ParameterAlias]
      : key;
    if (params[name] !== undefined) {
      throw suiteError(`config gives ${name} twice (as ${key} too)`, at(path), `keep one of them`);
    }
    params[name] = name === 'stop' && typeof value === 'string' ? [value] : value;
  };
  for (const [key, value] of Object.entries(config ?? {})) {
    if (value === undefined || (CONNECTION_KEYS as readonly string[]).includes(key)) continue;
    if (key === 'organization' && provider === 'openai') continue;
    if ((PLUME_KEYS as readonly string[]).includes(key) || Object.hasOwn(PARAMETER_ALIASES, key)) {
      setFrom(key, value, [key]);
    } else if (key === NESTED_PARAMETERS && isRecord(value)) {
      readNested(value, setFrom, ignored, at);
    } else if (IGNORED_KEYS.has(key)) {
      ignored.push(key);
    } else {
      const close = closestKey(key, KNOWN_KEYS);
      if (close !== undefined) {
        throw suiteError(
          `unknown config key '${key}' (did you mean '${close}'?)`,
          at([key]),
          'correct its name',
        );
      }
      ignored.push(key);
    }
  }
  const checked = modelParamsSchema.safeParse(params);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw suiteError(`config.${issue.path.join('.')}: ${issue.message}`, at([]), 'correct the value');
  }
  return { params: checked.data, connection: connectionOf(config ?? {}, provider, at), ignored };
}

function readNested(
  nested: Record<string, unknown>,
  setFrom: (key: string, value: unknown, path: readonly string[]) => void,
  ignored: string[],
  at: (path: readonly string[]) => SourceLocation,
): void {
  for (const [key, value] of Object.entries(nested)) {
    const path = [NESTED_PARAMETERS, key];
    if (!(PLUME_KEYS as readonly string[]).includes(key) && !Object.hasOwn(PARAMETER_ALIASES, key)) {
      ignored.push(path.join('.'));
      continue;
    }
    const valid = typeof value === 'number' || (key.toLowerCase().includes('stop') && isStop(value));
    if (!valid) throw suiteError(`config.${path.join('.')} has the wrong type`, at(path), 'give a number');
    setFrom(key, value, path);
  }
}

// `{{ env.NAME }}` (filters such as `| default(...)` too) and `${NAME}`: the value is in a variable,
// read when the model is made.
const ENV_REFERENCE = /^\s*(?:\{\{\s*env\.([A-Za-z_]\w*)\s*(?:\|[^}]*)?\}\}|\$\{([A-Za-z_]\w*)\})\s*$/;

function envReference(value: string): string | undefined {
  const found = ENV_REFERENCE.exec(value);
  return found === null ? undefined : (found[1] ?? found[2]);
}

/** The entry's own endpoint and key, undefined when its config names none. */
function connectionOf(
  config: ProviderConfigInput,
  provider: string,
  at: (path: readonly string[]) => SourceLocation,
): ModelConnection | undefined {
  const connection: ModelConnection = {};
  const urlKey = (['apiBaseUrl', 'baseURL', 'baseUrl'] as const).find((key) => config[key] !== undefined);
  const written = urlKey === undefined ? undefined : config[urlKey];
  const base = written ?? hostURL(config.apiHost, provider);
  const variable = base === undefined ? undefined : envReference(base);
  if (variable !== undefined) connection.baseURLEnv = variable;
  else if (base !== undefined) {
    if (!URL.canParse(base) || !/^https?:/.test(base)) {
      throw suiteError(
        `config.${urlKey ?? 'apiHost'} is not an http(s) URL`,
        at([urlKey ?? 'apiHost']),
        'write the base URL of the API, such as http://127.0.0.1:8080/v1',
      );
    }
    connection.baseURL = baseURLFor(provider, base);
  }
  if (config.apiKeyEnvar !== undefined) connection.apiKeyEnv = config.apiKeyEnvar;
  if (config.apiKey !== undefined && config.apiKey !== '') {
    const keyVariable = envReference(config.apiKey);
    if (keyVariable !== undefined) connection.apiKeyEnv = keyVariable;
    else connection.apiKey = config.apiKey;
  }
  const organization = config.organization;
  const headers = {
    ...(typeof organization === 'string' && provider === 'openai'
      ? { 'OpenAI-Organization': organization }
      : {}),
    ...config.headers,
  };
  if (Object.keys(headers).length > 0) connection.headers = headers;
  return Object.keys(connection).length === 0 ? undefined : connection;
}

// promptfoo's apiHost is a host name, the OpenAI API (and those that copy it) under /v1 on it; a
// full URL is taken as it is.
function hostURL(host: string | undefined, provider: string): string | undefined {
  if (host === undefined || envReference(host) !== undefined) return host;
  if (/^https?:\/\/[^/]+\/./.test(host)) return host;
  const url = (/^https?:\/\//.test(host) ? host : `https://${host}`).replace(/\/+$/, '');
  return `${url}${provider === 'google' ? '/v1beta' : '/v1'}`;
}

// promptfoo's base URLs of Anthropic and Ollama stop at the host; plume's SDKs want the API's path.
const API_PATHS: Readonly<Record<string, string>> = { anthropic: '/v1', ollama: '/api' };

function baseURLFor(provider: string, url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  const path = Object.hasOwn(API_PATHS, provider) ? API_PATHS[provider] : undefined;
  return path === undefined || trimmed.endsWith(path) ? trimmed : `${trimmed}${path}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStop(value: unknown): boolean {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}
