import type { ModelParams } from '../spec/model.ts';
import { type PromptConfig, type PromptFrontMatter, promptFrontMatterSchema } from '../spec/prompt.ts';
import type { SourceLocation } from '../util/errors.ts';
import { parseYamlSource } from '../util/yaml-source.ts';
import { splitFrontMatter } from './front-matter.ts';
import { frontMatterError } from './front-matter-error.ts';

/** A `.prompt` file parsed and validated, before its template is compiled. */
export interface PromptDocument {
  /** Where errors point: a file path, or `name@hash` for a stored version. */
  file: string;
  frontMatter: PromptFrontMatter;
  body: string;
  bodyLine: number;
  model: string | undefined;
  params: ModelParams;
  /** file:line of a front matter key path, for errors found later (schemas). */
  locate(path: readonly PropertyKey[]): SourceLocation;
}

/** Parse normalized content; YAML and front matter errors are PlumeErrors at file:line. */
export function parsePromptDocument(content: string, file: string): PromptDocument {
  const split = splitFrontMatter(content, file);
  const source = parseYamlSource(split.yaml, file, split.yamlLine - 1, 'PROMPT_INVALID');
  const result = promptFrontMatterSchema.safeParse(source.value);
  if (!result.success) throw frontMatterError(result.error.issues[0]!, source);
  const frontMatter = result.data;
  return {
    file,
    frontMatter,
    body: split.body,
    bodyLine: split.bodyLine,
    model: frontMatter.model,
    params: configToParams(frontMatter.config),
    locate: source.locate,
  };
}

/** Map Dotprompt's `config:` onto plume's ModelParams (maxOutputTokens → maxTokens, ...). */
export function configToParams(config: PromptConfig | undefined): ModelParams {
  if (!config) return {};
  const { maxOutputTokens, stopSequences, maxTokens, stop, ...same } = config;
  const params: ModelParams = { ...same };
  const tokens = maxOutputTokens ?? maxTokens;
  if (tokens !== undefined) params.maxTokens = tokens;
  const stopList = stopSequences ?? stop;
  if (stopList !== undefined) params.stop = stopList;
  return params;
}
