import { PlumeError } from '../util/errors.ts';
import type { PromptDocument } from './prompt-document.ts';

/** The JSON Schemas of a prompt's variables and answer, Picoschema expanded. */
export interface PromptSchemas {
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

/** Finds a named schema (Dotprompt's schema registry) by the name a Picoschema uses. */
export type SchemaResolver = (name: string) => Record<string, unknown> | undefined;

/** Expand `input.schema` and `output.schema`; a bad type is reported at its line. */
export async function expandSchemas(
  document: PromptDocument,
  resolveSchema?: SchemaResolver,
): Promise<PromptSchemas> {
  const schemas: PromptSchemas = {};
  const { input, output } = document.frontMatter;
  if (input?.schema !== undefined)
    schemas.inputSchema = await expand(document, 'input', input.schema, resolveSchema);
  if (output?.schema !== undefined) {
    schemas.outputSchema = await expand(document, 'output', output.schema, resolveSchema);
  }
  return schemas;
}

async function expand(
  document: PromptDocument,
  section: 'input' | 'output',
  schema: unknown,
  resolveSchema: SchemaResolver | undefined,
): Promise<Record<string, unknown> | undefined> {
  // Dotprompt is loaded by the first prompt with a schema: most prompts have none.
  const { picoschema } = await import('dotprompt');
  const schemaResolver = resolveSchema && ((name: string) => resolveSchema(name) ?? null);
  try {
    return ((await picoschema(schema, schemaResolver ? { schemaResolver } : {})) ?? undefined) as
      | Record<string, unknown>
      | undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const badType = /type '([^']+)'|name '([^']+)'|got: (\S+)/.exec(text);
    const typeName = badType?.[1] ?? badType?.[2] ?? badType?.[3];
    const path = [section, 'schema', ...(typeName ? (pathOfType(schema, typeName) ?? []) : [])];
    throw new PlumeError({
      code: 'PROMPT_INVALID',
      message: `front matter ${path.join('.')}: ${text.replace(/^Picoschema: /, '')}`,
      location: document.locate(path),
      hint: 'Picoschema types are string, number, integer, boolean, null, any, or object/array in parentheses',
    });
  }
}

/** The key path of the first Picoschema field whose type is `typeName`. */
function pathOfType(schema: unknown, typeName: string): string[] | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (typeof value === 'string' && value.split(',')[0]!.trim() === typeName) return [key];
    if (key.includes(`(${typeName}`)) return [key];
    const inner = pathOfType(value, typeName);
    if (inner) return [key, ...inner];
  }
  return undefined;
}

// Shared: a prompt without required variables checks every render against nothing.
const NONE_MISSING: readonly string[] = Object.freeze([]);

/** Names the input schema requires that `variables` leave undefined or null. */
export function missingVariables(
  inputSchema: Record<string, unknown> | undefined,
  variables: Record<string, unknown>,
): readonly string[] {
  const required = inputSchema?.required;
  if (!Array.isArray(required)) return NONE_MISSING;
  return required.filter(
    (name): name is string =>
      typeof name === 'string' && (variables[name] === undefined || variables[name] === null),
  );
}
