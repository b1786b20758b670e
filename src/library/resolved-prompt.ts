import type { PromptVersion, ResolvedPrompt } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import type { PartialLoader } from './partials.ts';
import { parsePromptDocument } from './prompt-document.ts';
import { expandSchemas, missingVariables } from './prompt-schemas.ts';
import { compilePromptTemplate } from './prompt-template.ts';

/** Where a version's text came from: `file` names it in errors, `filePath` when it is a real file. */
export interface VersionSource {
  file: string;
  filePath?: string;
}

/**
 * Parse, validate and compile a version: every error in it (front matter, schemas, template,
 * partials) is raised here, at file:line, so rendering only fails for missing variables.
 */
export async function createResolvedPrompt(
  version: PromptVersion,
  source: VersionSource,
  loadPartial: PartialLoader,
): Promise<ResolvedPrompt> {
  const document = parsePromptDocument(version.content, source.file);
  const [schemas, template] = await Promise.all([
    expandSchemas(document),
    compilePromptTemplate(document, loadPartial, { trustVariables: document.frontMatter.trustVariables }),
  ]);
  const defaults = document.frontMatter.input?.default ?? {};
  const hasDefaults = Object.keys(defaults).length > 0;
  const { model, params } = document;
  const resolved: ResolvedPrompt = {
    name: version.name,
    version,
    params,
    async render(variables, options) {
      const input = hasDefaults ? { ...defaults, ...variables } : variables;
      const missing = missingVariables(schemas.inputSchema, input);
      if (missing.length > 0) {
        const plural = missing.length > 1 ? 's' : '';
        throw new PlumeError({
          code: 'VARIABLE_MISSING',
          message: `prompt '${version.name}' needs the variable${plural} ${missing.map((name) => `'${name}'`).join(', ')}`,
          location: { file: source.file },
          hint: `give a value for each (plume render/run: --var ${missing[0]}=...; a suite: the test's vars), or a default under input.default`,
        });
      }
      const messages = await template.render(input, options?.history);
      // Written out rather than spread in: this runs once per cell of a run.
      return { messages, params: { ...params }, model, outputSchema: schemas.outputSchema };
    },
  };
  if (source.filePath !== undefined) resolved.filePath = source.filePath;
  if (model !== undefined) resolved.model = model;
  if (document.frontMatter.description !== undefined) resolved.description = document.frontMatter.description;
  if (schemas.inputSchema !== undefined) resolved.inputSchema = schemas.inputSchema;
  if (schemas.outputSchema !== undefined) resolved.outputSchema = schemas.outputSchema;
  return resolved;
}
