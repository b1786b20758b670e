import type { DotpromptPrompt, DotpromptRendering, PromptData, PromptVersion } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import { inputCheck } from './input-check.ts';
import type { PartialLoader } from './partials.ts';
import { parsePromptDocument } from './prompt-document.ts';
import { promptMetadata, withOverrides } from './prompt-metadata.ts';
import { expandSchemas, missingVariables, type SchemaResolver } from './prompt-schemas.ts';
import { compilePromptTemplate, type TemplateSource } from './prompt-template.ts';
import { promptMessages, textMessages } from './text-messages.ts';

/** Where a version's text came from: `file` names it in errors, `filePath` when it is a real file. */
export interface VersionSource {
  file: string;
  filePath?: string;
}

/** Options of createResolvedPrompt. */
export interface ResolveOptions {
  /** Named schemas (Dotprompt's schema registry) a Picoschema may use by name (`Foo, a foo`). */
  resolveSchema?: SchemaResolver;
}

/**
 * Parse, validate and compile a version: every error in it (front matter, schemas, template,
 * partials) is raised here, at file:line, so rendering only fails for missing variables.
 */
export async function createResolvedPrompt(
  version: PromptVersion,
  source: VersionSource,
  loadPartial: PartialLoader,
  options: ResolveOptions = {},
): Promise<DotpromptPrompt> {
  const document = parsePromptDocument(version.content, source.file);
  const schemas = await expandSchemas(document, options.resolveSchema);
  const metadata = promptMetadata(document, schemas);
  const template = await compilePromptTemplate(templateSource(document, metadata), loadPartial, {
    trustVariables: document.frontMatter.trustVariables,
  });
  const defaults = document.frontMatter.input?.default ?? {};
  const hasDefaults = Object.keys(defaults).length > 0;
  const { model, params } = document;
  const checkMissing = (input: Record<string, unknown>): void => {
    const missing = missingVariables(schemas.inputSchema, input);
    if (missing.length === 0) return;
    const plural = missing.length > 1 ? 's' : '';
    throw new PlumeError({
      code: 'VARIABLE_MISSING',
      message: `prompt '${version.name}' needs the variable${plural} ${missing.map((name) => `'${name}'`).join(', ')}`,
      location: { file: source.file },
      hint: `give a value for each (plume render/run: --var ${missing[0]}=...; a suite: the test's vars), or a default under input.default`,
    });
  };
  const written = { file: source.file, written: document.frontMatter.input?.schema, locate: document.locate };
  const checkTypes = schemas.inputSchema ? inputCheck(schemas.inputSchema, written, version.name) : undefined;
  const resolved: DotpromptPrompt = {
    name: version.name,
    version,
    params,
    warnings: document.warnings,
    checkVariables(variables) {
      const input = hasDefaults ? { ...defaults, ...variables } : variables;
      checkMissing(input);
      checkTypes?.(input);
    },
    async render(variables, renderOptions) {
      const input = hasDefaults ? { ...defaults, ...variables } : variables;
      checkMissing(input);
      const data: PromptData = { input };
      if (renderOptions?.history) data.messages = promptMessages(renderOptions.history);
      if (renderOptions?.context) data.context = renderOptions.context;
      const messages = textMessages(await template.render(data), source.file);
      // Written out rather than spread in: this runs once per cell of a run.
      return { messages, params: { ...params }, model, outputSchema: schemas.outputSchema };
    },
    async renderDotprompt(data, overrides) {
      const merged = withOverrides(metadata, overrides);
      const extra = (overrides?.input as { default?: Record<string, unknown> } | undefined)?.default;
      const input = { ...defaults, ...extra, ...data.input };
      checkMissing(input);
      const messages = await template.render({ ...data, input });
      return { ...merged, messages } as DotpromptRendering;
    },
  };
  if (source.filePath !== undefined) resolved.filePath = source.filePath;
  if (model !== undefined) resolved.model = model;
  if (document.frontMatter.description !== undefined) resolved.description = document.frontMatter.description;
  if (schemas.inputSchema !== undefined) resolved.inputSchema = schemas.inputSchema;
  if (schemas.outputSchema !== undefined) resolved.outputSchema = schemas.outputSchema;
  return resolved;
}

/**
 * The template as Dotprompt reads the file: after a front matter, the body is trimmed (the line
 * it starts on moves with it); a file without one is all template, as written.
 */
function templateSource(
  document: ReturnType<typeof parsePromptDocument>,
  metadata: Record<string, unknown>,
): TemplateSource {
  const { input: _, ...promptMetadataSeen } = metadata;
  if (!document.hasFrontMatter) {
    return {
      file: document.file,
      body: document.body,
      bodyLine: document.bodyLine,
      metadata: promptMetadataSeen,
    };
  }
  const body = document.body.trim();
  const lead = document.body.slice(0, document.body.length - document.body.trimStart().length);
  const skipped = body === '' ? 0 : lead.split('\n').length - 1;
  return { file: document.file, body, bodyLine: document.bodyLine + skipped, metadata: promptMetadataSeen };
}
