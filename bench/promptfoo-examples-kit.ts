// Parts of bench/promptfoo-examples.ts: which example configs can run offline (the rule), how a
// config's providers are pointed at the local stub, and how each tool's cells are read.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { isGraderMap } from '../src/eval/suite/test-definition.ts';

type Json = Record<string, unknown>;

/**
 * Why a config cannot run offline against a chat stub, or undefined when it can. The rule: a
 * config needs a hosted-only capability when it generates red-team tests (`redteam:`), when one
 * of its providers is not a chat or completion model that the stub can stand in for (a script
 * or program: python/js/go/ruby/exec/file://; an HTTP, WebSocket or webhook API; a browser; an
 * MCP server; a sequence; an agent, assistant or knowledge base; image, video, audio, speech,
 * realtime/live, embedding or moderation models), when a provider is given MCP tools or a `url`,
 * when its prompts or tests are fetched from the network (http(s)://, huggingface://, Google
 * Sheets), or when its prompts come from a hosted prompt registry (langfuse://, ...).
 * Everything else (local prompt, test and code files, model-graded checks) counts as offline.
 */
export function offlineBlocker(config: Json, folder: string): string | undefined {
  if (config.redteam !== undefined) return 'redteam generation';
  for (const provider of providerList(config[providersKey(config)], folder)) {
    const id = providerId(provider);
    if (id === undefined) return 'a provider without an id';
    const reason = hostedOnlyProvider(id);
    if (reason !== undefined) return `${reason} (${id})`;
    const written = JSON.stringify(provider);
    if (/"(mcp|type":"mcp)/.test(written)) return `MCP tools (${id})`;
    if (/"url":/.test(written)) return `an HTTP API (${id})`;
  }
  const data = JSON.stringify([config.prompts, config.tests, config.scenarios, config.defaultTest]);
  if (/(https?:\/\/|huggingface:\/\/|docs\.google\.com)/.test(data))
    return 'prompts or tests from the network';
  // A prompt written `scheme://name` other than file:// comes from a hosted registry (langfuse://, ...).
  if (/"(?!file:)[a-z][\w-]*:\/\//.test(JSON.stringify(config.prompts ?? '')))
    return 'prompts from a hosted prompt registry';
  return undefined;
}

const HOSTED_ONLY: readonly [RegExp, string][] = [
  [
    /^(python|exec|golang|ruby|file|javascript|js):|\.(py|js|mjs|cjs|ts|go|rb|sh)(:|$)/,
    'a custom provider program',
  ],
  [/^(http|https|ws|wss|webhook):|^(http|websocket|webhook)$/, 'an HTTP or WebSocket API'],
  [/browser|mcp|sequence|simulated-user|promptfoo:/, 'a browser, MCP server or sequence'],
  [/agent|assistant|knowledge-base|:kb:|langfuse|adk/, 'an agent, assistant or knowledge base'],
  [
    /image|dall-e|dalle|video|reel|audio|speech|tts|transcri|whisper|realtime|live|sonic/,
    'an image, video, audio or live model',
  ],
  [/embed|moderation|rerank|classifier|:classification/, 'an embedding or moderation model'],
];

function hostedOnlyProvider(id: string): string | undefined {
  return HOSTED_ONLY.find(([pattern]) => pattern.test(id.toLowerCase()))?.[1];
}

/** The key a config names its providers under: `providers`, or promptfoo's other name, `targets`. */
export function providersKey(config: Json): 'providers' | 'targets' {
  return config.providers === undefined && config.targets !== undefined ? 'targets' : 'providers';
}

/** The providers of a config as a list of entries (a `file://x.yaml` list read from the folder). */
export function providerList(providers: unknown, folder: string): unknown[] {
  const list = providers === undefined ? [] : Array.isArray(providers) ? providers : [providers];
  return list.flatMap((entry) => {
    if (typeof entry === 'string' && /^file:\/\/.*\.ya?ml$/.test(entry)) {
      const file = join(folder, entry.slice('file://'.length));
      return existsSync(file) ? providerList(parse(readFileSync(file, 'utf8')), folder) : [entry];
    }
    return [entry];
  });
}

/** The id of a provider entry: a string, `{ id }`, or promptfoo's one-key map `{ 'openai:x': {...} }`. */
export function providerId(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object') return undefined;
  const object = entry as Json;
  if (typeof object.id === 'string') return object.id;
  const keys = Object.keys(object);
  return keys.length === 1 && keys[0]!.includes(':') ? keys[0] : undefined;
}

/** Settings that say where and as whom a provider is reached: replaced by the stub's. */
const CONNECTION_KEYS = new Set([
  'apiBaseUrl',
  'apiHost',
  'apiKey',
  'apiKeyEnvar',
  'apiKeyRequired',
  'baseUrl',
  'basePath',
  'base_url',
  'region',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'profile',
  'projectId',
  'location',
  'deployment_id',
  'deploymentId',
  'apiVersion',
  'api_version',
  'organization',
  'headers',
  'endpoint',
]);

/**
 * The config with every provider (the list, and each `provider` of options and assertions inline)
 * replaced by `openai:chat:<model>` at the stub, keeping its label (or its id as the label) and
 * its model settings other than connection ones. `stubURL` is added to each provider's config
 * for promptfoo; plume reaches the stub through its plume.yaml instead (undefined here).
 */
export function pointAtStub(config: Json, folder: string, stubURL: string | undefined): Json {
  const labels = new Set<string>();
  const key = providersKey(config);
  const providers = providerList(config[key], folder).map((entry) => {
    const stubbed = stubProvider(entry, stubURL);
    let label = stubbed.label as string;
    for (let copy = 2; labels.has(label); copy++) label = `${stubbed.label} #${copy}`;
    labels.add(label);
    return { ...stubbed, label };
  });
  const rewritten: Json = { ...config, [key]: providers };
  for (const key of ['defaultTest', 'tests', 'scenarios']) {
    if (rewritten[key] !== undefined) rewritten[key] = stubGraders(rewritten[key], stubURL);
  }
  return rewritten;
}

function stubProvider(entry: unknown, stubURL: string | undefined, embeds = false): Json {
  const id = providerId(entry) ?? 'unknown';
  const object: Json =
    typeof entry === 'string'
      ? {}
      : typeof (entry as Json).id === 'string'
        ? { ...(entry as Json) }
        : { ...((entry as Json)[id] as Json) };
  const config = Object.fromEntries(
    Object.entries((object.config as Json | undefined) ?? {}).filter(([key]) => !CONNECTION_KEYS.has(key)),
  );
  if (stubURL !== undefined) Object.assign(config, { apiBaseUrl: stubURL, apiKey: 'stub' });
  const model =
    id
      .split(':')
      .at(-1)!
      .replace(/[^\w.-]/g, '-') || 'model';
  const { id: _id, label, config: _config, ...rest } = object;
  // An embedding model stays one, asked of the stub's /embeddings (both tools speak it).
  const api = embeds || /embedding|similarity/i.test(id) ? 'embedding' : 'chat';
  return {
    id: `openai:${api}:${model}`,
    label: typeof label === 'string' ? label : id,
    ...rest,
    ...(Object.keys(config).length > 0 ? { config } : {}),
  };
}

function stubGraders(value: unknown, stubURL: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => stubGraders(item, stubURL));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([key, inner]) => {
      if (key === 'provider' && (typeof inner === 'string' || providerId(inner) !== undefined)) {
        const { label: _label, ...stubbed } = stubProvider(inner, stubURL);
        return [key, stubbed];
      }
      // promptfoo's grader map: each of its models is a provider too.
      if (key === 'provider' && isGraderMap(inner)) {
        const entries = Object.entries(inner).map(([role, entry]) => {
          const { label: _label, ...stubbed } = stubProvider(entry, stubURL, role === 'embedding');
          return [role, stubbed];
        });
        return [key, Object.fromEntries(entries)];
      }
      return [key, stubGraders(inner, stubURL)];
    }),
  );
}

/** A YAML config as a value (undefined when it is not a mapping). */
export function readConfig(file: string): Json | undefined {
  const value: unknown = parse(readFileSync(file, 'utf8'));
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function writeConfig(config: Json): string {
  return stringify(config, { lineWidth: 0 });
}

/** One cell's verdict, keyed `prompt|model|test|repeat` (indexes from 0). */
export type Cells = Map<string, 'pass' | 'fail' | 'error' | 'undecided'>;

/**
 * The cells of promptfoo's `-o out.json`; providers matched to the config's by label. promptfoo's
 * `promptIdx` numbers its columns (each prompt once per provider): a column's prompt is its rank
 * among the columns of the same provider. Its `testIdx` counts each repeat of a test as a test
 * (repeats inside each test): with `repeats` (plume's count) above 1 it is split back into test
 * and repeat, right for tests whose vars hold no lists (which promptfoo expands in the same count).
 */
export function promptfooCells(file: string, labels: readonly string[], repeats = 1): Cells {
  const output = JSON.parse(readFileSync(file, 'utf8')) as {
    results: { results: Json[]; prompts?: { provider?: string }[] };
  };
  const columns = output.results.prompts ?? [];
  const promptOf = columns.map(
    (column, index) => columns.slice(0, index).filter((other) => other.provider === column.provider).length,
  );
  const cells: Cells = new Map();
  for (const result of output.results.results) {
    const provider = result.provider as { id?: string; label?: string } | undefined;
    const model = labels.indexOf(provider?.label ?? provider?.id ?? '');
    const prompt = promptOf[Number(result.promptIdx)] ?? result.promptIdx;
    const verdict = result.success === true ? 'pass' : result.failureReason === 2 ? 'error' : 'fail';
    const index = Number(result.testIdx);
    cells.set(`${prompt}|${model}|${Math.floor(index / repeats)}|${index % repeats}`, verdict);
  }
  return cells;
}

/** The cells of plume's `-o cells.jsonl`. */
export function plumeCells(file: string): Cells {
  const cells: Cells = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const cell = JSON.parse(line) as Json;
    cells.set(
      `${cell.promptIndex}|${cell.modelIndex}|${cell.testIndex}|${cell.repeat}`,
      cell.verdict as 'pass' | 'fail' | 'error' | 'undecided',
    );
  }
  return cells;
}

/**
 * What plume refused, without its varying parts (indexes, paths, the closest-key hint), to count
 * configs by: `providers.N.config.max_tokens: unknown key 'max_tokens'`.
 */
export function blockerKey(path: string | undefined, message: string): string {
  const text = message
    .replace(/^[^\s:]*\.(ya?ml|json|csv|jsonl|txt|md|prompt|js|py)(:\d+)*: /, '')
    .replace(/^(\(top level\)|[\w.-]+): /, '')
    .replace(/ \(did you mean [^)]*\)/g, '')
    .replace(/\/[^\s'"`]+/g, '<path>')
    .replace(/\b\d+\b/g, 'N')
    .slice(0, 100);
  return path === undefined ? text : `${path.replace(/\.\d+(?=\.|$)/g, '.N')}: ${text}`;
}

/** The kind of thing a refusal is about, from its path in the config, to see where the work lies. */
export function blockerKind(path: string | undefined, message: string): string {
  if (path === undefined) return `unlocated: ${blockerKey(undefined, message).slice(0, 50)}`;
  if (/^(providers|targets)\.\d+\.config\./.test(path)) return 'a provider setting';
  if (/(^|\.)provider(\.|$)/.test(path)) return 'a grader given as an object';
  if (/(^|\.)assert(\.|$)/.test(path)) return 'an assertion';
  if (/^(tests|defaultTest|scenarios)(\.\d+)?\.options/.test(path)) return 'a test option';
  if (/^(tests|defaultTest)(\.\d+)?\.vars/.test(path)) return 'test vars';
  if (/^prompts/.test(path)) return 'a prompt';
  return `the key ${path.replace(/\.\d+(?=\.|$)/g, '.N')}`;
}
