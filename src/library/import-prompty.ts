import type { PromptConfig, PromptFrontMatter } from '../spec/prompt.ts';
import { isPlainObject } from '../util/is-plain-object.ts';
import { parseYamlSource } from '../util/yaml-source.ts';
import { splitFrontMatter } from './front-matter.ts';
import { type ConvertedParts, convertPlaceholders, placeholderSchema } from './import-text.ts';

type Json = Record<string, unknown>;

/** Prompty parameter names (OpenAI's) → the `.prompt` config key. */
const PARAMETERS: Record<string, keyof PromptConfig> = {
  max_tokens: 'maxOutputTokens',
  maxOutputTokens: 'maxOutputTokens',
  temperature: 'temperature',
  top_p: 'topP',
  topP: 'topP',
  seed: 'seed',
  stop: 'stopSequences',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
};

/** Prompty configuration types that plume reaches through its OpenAI provider. */
const OPENAI_TYPES = new Set(['openai', 'azure_openai', 'azure']);

/** Role markers of a Prompty body: `system:` alone on its line (optionally `# system:`). */
const ROLE_LINE = /^\s*#?\s*(system|user|assistant)\s*:\s*$/i;

/**
 * A Prompty file (YAML front matter: name, description, model {api, configuration, parameters},
 * inputs, sample; a body with `system:`/`user:`/`assistant:` lines and `{{var}}` placeholders).
 */
export function convertPrompty(content: string, file: string): ConvertedParts {
  const split = splitFrontMatter(content, file);
  const meta = asObject(parseYamlSource(split.yaml, file, split.yamlLine - 1, 'IMPORT_INVALID').value);
  const dropped: string[] = [];
  const body = convertBody(split.body, file, split.bodyLine);
  const frontMatter: PromptFrontMatter = {};
  if (typeof meta.description === 'string') frontMatter.description = meta.description;
  const model = asObject(meta.model);
  const modelRef = modelOf(model);
  if (modelRef) frontMatter.model = modelRef;
  const config = configOf({ ...asObject(model.parameters), ...asObject(model.options) }, dropped);
  if (Object.keys(config).length > 0) frontMatter.config = config;
  const input = inputOf(meta, body);
  if (input) frontMatter.input = input;
  if (Array.isArray(meta.tags)) frontMatter.tags = meta.tags.map(String);
  const kept = pick(meta, ['name', 'authors', 'version', 'sample']);
  if (Object.keys(kept).length > 0) frontMatter.metadata = { prompty: kept };
  for (const key of ['outputs', 'tools', 'template']) if (meta[key] !== undefined) dropped.push(key);
  return { frontMatter, body, dropped, sourceBodyLine: split.bodyLine };
}

function convertBody(body: string, file: string, bodyLine: number): string {
  const lines = body.split('\n').map((line) => {
    const role = ROLE_LINE.exec(line);
    return role ? `{{role "${role[1]!.toLowerCase()}"}}` : line;
  });
  return convertPlaceholders(lines.join('\n'), file, bodyLine, true);
}

function modelOf(model: Json): string | undefined {
  const configuration = asObject(model.configuration);
  const provider = String(model.provider ?? configuration.type ?? '').toLowerCase();
  const id = model.id ?? configuration.name ?? configuration.model ?? configuration.azure_deployment;
  if (typeof id !== 'string' || id === '' || id.includes('${')) return undefined;
  if (OPENAI_TYPES.has(provider)) return `openai:${id}`;
  if (/^[a-z][\w-]*$/.test(provider)) return `${provider}:${id}`;
  return undefined;
}

function configOf(parameters: Json, dropped: string[]): PromptConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const target = PARAMETERS[key];
    if (!target) {
      dropped.push(`model.parameters.${key}`);
      continue;
    }
    config[target] = target === 'stopSequences' && typeof value === 'string' ? [value] : value;
  }
  return config as PromptConfig;
}

/** Inputs as Picoschema, from `inputs` (a map or, in Prompty 2, a list), else `sample`, else the placeholders. */
function inputOf(meta: Json, body: string): PromptFrontMatter['input'] {
  const entries = Array.isArray(meta.inputs)
    ? meta.inputs.map((entry) => [String(asObject(entry).name ?? ''), asObject(entry)] as const)
    : Object.entries(asObject(meta.inputs)).map(([name, spec]) => [name, asObject(spec)] as const);
  const schema: Record<string, string> = {};
  const defaults: Json = {};
  for (const [name, spec] of entries) {
    if (!name) continue;
    const optional = spec.default !== undefined || spec.required === false;
    const description = typeof spec.description === 'string' ? `, ${spec.description}` : '';
    schema[`${name}${optional ? '?' : ''}`] = `${picoType(spec.type ?? spec.kind)}${description}`;
    if (spec.default !== undefined) defaults[name] = spec.default;
  }
  if (entries.length === 0) {
    const sample = asObject(meta.sample);
    for (const [name, value] of Object.entries(sample)) schema[name] = picoType(typeOfValue(value));
  }
  const fromBody = Object.keys(schema).length === 0 ? placeholderSchema(body) : undefined;
  const finalSchema = fromBody ?? schema;
  if (Object.keys(finalSchema).length === 0) return undefined;
  return Object.keys(defaults).length > 0
    ? { schema: finalSchema, default: defaults }
    : { schema: finalSchema };
}

function picoType(type: unknown): string {
  const name = String(type ?? 'string').toLowerCase();
  if (['string', 'number', 'integer', 'boolean'].includes(name)) return name;
  return 'any';
}

function typeOfValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value === 'string' ? 'string' : 'any';
}

function asObject(value: unknown): Json {
  return isPlainObject(value) ? (value as Json) : {};
}

function pick(source: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
