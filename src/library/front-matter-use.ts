import { closestKey } from '../spec/closest-key.ts';
import { type ModelParams, modelParamsSchema } from '../spec/model.ts';
import type { PromptConfig, PromptFrontMatter, PromptWarning } from '../spec/prompt.ts';
import type { SourceLocation } from '../util/errors.ts';

/** What plume takes from a front matter, and what it says about the rest. */
export interface FrontMatterUse {
  /** `provider:model`, when the front matter names one plume can call. */
  model: string | undefined;
  params: ModelParams;
  warnings: PromptWarning[];
}

/** Top-level keys plume reads; other keys are kept (Dotprompt's `raw`, `ext`) and warned about. */
const KNOWN_KEYS = [
  'model',
  'config',
  'input',
  'output',
  'name',
  'version',
  'description',
  'tools',
  'tags',
  'variant',
  'metadata',
  'trustVariables',
];

/** Dotprompt's names of settings and plume's: `maxOutputTokens` → maxTokens, `stopSequences` → stop. */
const CONFIG_NAMES: Record<string, keyof ModelParams> = {
  temperature: 'temperature',
  maxOutputTokens: 'maxTokens',
  maxTokens: 'maxTokens',
  topP: 'topP',
  topK: 'topK',
  stopSequences: 'stop',
  stop: 'stop',
  seed: 'seed',
  presencePenalty: 'presencePenalty',
  frequencyPenalty: 'frequencyPenalty',
  timeoutMs: 'timeoutMs',
};

const MODEL_REF = /^[A-Za-z0-9][\w.-]*:\S.*$/;
const OUTPUT_FORMATS = ['json', 'text'];

/**
 * The semantic stage of a front matter: the model and settings plume sends, and a warning, at
 * its line, for each thing a valid Dotprompt file may hold that plume cannot use. Nothing here
 * refuses a file: the Dotprompt specification accepts all of it.
 */
export function frontMatterUse(
  frontMatter: PromptFrontMatter,
  locate: (path: readonly PropertyKey[]) => SourceLocation,
): FrontMatterUse {
  const warnings: PromptWarning[] = [];
  const warn = (path: readonly PropertyKey[], message: string, hint?: string): void => {
    const { file, line } = locate(path);
    warnings.push({
      message: `front matter ${path.join('.')}: ${message}`,
      file,
      ...lineAndHint(line, hint),
    });
  };
  for (const key of Object.keys(frontMatter)) {
    if (KNOWN_KEYS.includes(key) || key.includes('.')) continue;
    const guess = closestKey(key, KNOWN_KEYS);
    warn([key], 'not a key plume uses; kept as written', guess ? `did you mean '${guess}'?` : undefined);
  }
  let model = frontMatter.model;
  if (model !== undefined && !MODEL_REF.test(model)) {
    warn(['model'], `'${model}' is not a plume model id; the default model is used`, plumeModelHint(model));
    model = undefined;
  }
  if (frontMatter.tools !== undefined && frontMatter.tools.length > 0) {
    warn(['tools'], 'plume does not call tools; they are not sent to the model');
  }
  const format = frontMatter.output?.format;
  if (format !== undefined && !OUTPUT_FORMATS.includes(format)) {
    warn(['output', 'format'], `plume reads answers as json or text, not '${format}'; read as text`);
  }
  const params = configParams(frontMatter.config, warn);
  return { model, params, warnings };
}

function lineAndHint(line: number | undefined, hint: string | undefined): { line?: number; hint?: string } {
  return { ...(line === undefined ? {} : { line }), ...(hint === undefined ? {} : { hint }) };
}

/** Genkit's plugins and the plume providers that call the same models. */
const GENKIT_PLUGINS: Record<string, string> = {
  googleai: 'google',
  vertexai: 'google',
  openai: 'openai',
  anthropic: 'anthropic',
  mistral: 'mistral',
  ollama: 'ollama',
};

/** Genkit writes `plugin/model`; plume's id is `provider:model`. */
function plumeModelHint(model: string): string {
  const slash = model.indexOf('/');
  const name = slash > 0 ? model.slice(slash + 1) : model;
  const provider = slash > 0 ? GENKIT_PLUGINS[model.slice(0, slash)] : undefined;
  return provider
    ? `write it as '${provider}:${name}'`
    : `write it as provider:model, such as 'openai:${name}' (plume models lists the providers)`;
}

type Warn = (path: readonly PropertyKey[], message: string, hint?: string) => void;

/** The settings of `config:` plume sends; each key it cannot send is warned about and left out. */
function configParams(config: PromptConfig | undefined, warn: Warn): ModelParams {
  const params: Record<string, unknown> = {};
  if (config === undefined) return params;
  const known = Object.keys(CONFIG_NAMES);
  for (const [key, value] of Object.entries(config)) {
    const name = CONFIG_NAMES[key];
    if (name === undefined) {
      const guess = closestKey(key, known);
      warn(
        ['config', key],
        'plume does not send this setting',
        guess ? `did you mean '${guess}'?` : undefined,
      );
      continue;
    }
    if (params[name] !== undefined) {
      warn(['config', key], `gives ${name} a second time; the first one is used`);
      continue;
    }
    const checked = modelParamsSchema.shape[name].safeParse(value);
    if (!checked.success) {
      const reason = checked.error.issues[0]?.message ?? 'not a valid value';
      warn(['config', key], `${reason}; plume does not send it`);
      continue;
    }
    params[name] = checked.data;
  }
  return params as ModelParams;
}

/** Map a checked `config:` onto plume's ModelParams (maxOutputTokens → maxTokens, ...), ignoring the rest. */
export function configToParams(config: PromptConfig | undefined): ModelParams {
  return configParams(config, () => {});
}
