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
  return { params: checked.data, connection: connectionOf(config ?? {}, provider), ignored };
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

// `{{ env.NAME }}` and `${NAME}`: the key is in a variable, read when the model is made.
const ENV_REFERENCE = /^\s*(?:\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}|\$\{([A-Za-z_]\w*)\})\s*$/;

/** The entry's own endpoint and key, undefined when its config names none. */
function connectionOf(config: ProviderConfigInput, provider: string): ModelConnection | undefined {
  const connection: ModelConnection = {};
  const base = config.apiBaseUrl ?? config.baseURL ?? config.baseUrl ?? hostURL(config.apiHost, provider);
  if (base !== undefined) connection.baseURL = baseURLFor(provider, base);
  if (config.apiKeyEnvar !== undefined) connection.apiKeyEnv = config.apiKeyEnvar;
  if (config.apiKey !== undefined && config.apiKey !== '') {
    const reference = ENV_REFERENCE.exec(config.apiKey);
    if (reference) connection.apiKeyEnv = reference[1] ?? reference[2];
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

// promptfoo's apiHost is a host name; the OpenAI API (and those that copy it) lives under /v1.
function hostURL(host: string | undefined, provider: string): string | undefined {
  if (host === undefined) return undefined;
  const url = /^https?:\/\//.test(host) ? host : `https://${host}`;
  return provider === 'google' ? `${url.replace(/\/+$/, '')}/v1beta` : url.replace(/\/+$/, '').concat('/v1');
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
