import type { PromptDocument } from './prompt-document.ts';
import type { PromptSchemas } from './prompt-schemas.ts';

/** The front matter keys Dotprompt reads as its own; dotted keys go to `ext`, every key to `raw`. */
const RESERVED = new Set([
  'config',
  'description',
  'ext',
  'input',
  'model',
  'name',
  'output',
  'raw',
  'toolDefs',
  'tools',
  'variant',
  'version',
]);

/**
 * A prompt's metadata as Dotprompt resolves it from the front matter: its reserved keys,
 * namespaced keys (`ns.key`) grouped under `ext`, the whole front matter as `raw`, schemas
 * expanded to JSON Schema, and `toolDefs` beside `tools` (plume registers none).
 */
export function promptMetadata(document: PromptDocument, schemas: PromptSchemas): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ext: {}, metadata: {}, config: {} };
  if (!document.hasFrontMatter) return metadata;
  const raw = document.frontMatter as Record<string, unknown>;
  const ext: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (RESERVED.has(key)) metadata[key] = value;
    else if (key.includes('.')) {
      const dot = key.lastIndexOf('.');
      const namespace = key.slice(0, dot);
      ext[namespace] = { ...ext[namespace], [key.slice(dot + 1)]: value };
    }
  }
  metadata.raw = { ...raw };
  metadata.ext = ext;
  return resolved(metadata, schemas);
}

/** Metadata given with a render (Dotprompt's options) merged over the prompt's; `config` merged key by key. */
export function withOverrides(
  metadata: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (overrides === undefined) return metadata;
  const config = { ...(metadata.config as object | undefined), ...(overrides.config as object | undefined) };
  return withoutUndefined({ ...metadata, ...overrides, config });
}

function resolved(metadata: Record<string, unknown>, schemas: PromptSchemas): Record<string, unknown> {
  const result = withoutUndefined(metadata);
  if (Array.isArray(result.tools)) result.toolDefs ??= [];
  const input = result.input as Record<string, unknown> | undefined;
  if (input && schemas.inputSchema) result.input = { ...input, schema: schemas.inputSchema };
  const output = result.output as Record<string, unknown> | undefined;
  if (output && schemas.outputSchema) result.output = { ...output, schema: schemas.outputSchema };
  return result;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
