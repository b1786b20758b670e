import type { ModelParams } from '../spec/model.ts';
import { type PromptFrontMatter, type PromptWarning, promptFrontMatterSchema } from '../spec/prompt.ts';
import type { SourceLocation } from '../util/errors.ts';
import { parseYamlSource } from '../util/yaml-source.ts';
import { splitFrontMatter } from './front-matter.ts';
import { frontMatterError } from './front-matter-error.ts';
import { frontMatterUse } from './front-matter-use.ts';

export { configToParams } from './front-matter-use.ts';

/** A `.prompt` file parsed and validated, before its template is compiled. */
export interface PromptDocument {
  /** Where errors point: a file path, or `name@hash` for a stored version. */
  file: string;
  frontMatter: PromptFrontMatter;
  /** True when the file opens with a front matter (Dotprompt then trims the body). */
  hasFrontMatter: boolean;
  body: string;
  bodyLine: number;
  /** `provider:model`, when the front matter names one plume can call. */
  model: string | undefined;
  params: ModelParams;
  /** What plume reads but cannot use; the prompt renders all the same. */
  warnings: PromptWarning[];
  /** file:line of a front matter key path, for errors found later (schemas). */
  locate(path: readonly PropertyKey[]): SourceLocation;
}

/**
 * Parse a prompt's content (normalized, or as written: CRLF line ends are read as LF, and the
 * text is otherwise kept as it is); YAML and front matter errors are PlumeErrors at file:line.
 */
export function parsePromptDocument(content: string, file: string): PromptDocument {
  const split = splitFrontMatter(content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content, file);
  const source = parseYamlSource(split.yaml, file, split.yamlLine - 1, 'PROMPT_INVALID');
  const result = promptFrontMatterSchema.safeParse(source.value);
  if (!result.success) throw frontMatterError(result.error.issues[0]!, source);
  const frontMatter = result.data;
  const use = frontMatterUse(frontMatter, source.locate);
  return {
    file,
    frontMatter,
    hasFrontMatter: split.yamlLine < split.bodyLine,
    body: split.body,
    bodyLine: split.bodyLine,
    model: use.model,
    params: use.params,
    warnings: use.warnings,
    locate: source.locate,
  };
}
