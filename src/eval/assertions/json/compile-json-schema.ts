import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseYamlSource } from '../../../util/yaml-source.ts';
import { configError } from '../assertion-config.ts';
import { jsonSchemaEngine } from './json-schema-engine.ts';

/** Checks a value against a JSON Schema; returns readable problems, none when it conforms. */
export type JsonSchemaCheck = (value: unknown) => string[];

const MAX_PROBLEMS = 3;
// A schema is the suite's data: these bound what compiling one may cost (ajv recurses per level).
const MAX_SCHEMA_CHARACTERS = 512 * 1024;
const MAX_SCHEMA_DEPTH = 64;
// Suites repeat one schema over many tests: each distinct schema is compiled once.
const CACHE_SIZE = 256;
const compiled = new Map<string, ValidateFunction>();

/**
 * Compile a JSON Schema once with ajv: draft 2020-12 unless its `$schema` names 2019-09, draft-07
 * or draft-06; a schema naming no draft that 2020-12 rejects (tuple `items: [...]`) is read as
 * draft-07, promptfoo's default. Formats are checked (ajv-formats). Only local references
 * resolve: nothing is fetched. Throws a config error (located by the caller) when the schema is
 * not one, too large or too deep, or names a draft or a reference ajv cannot use.
 */
export function compileJsonSchema(value: unknown, type: string): JsonSchemaCheck {
  const schema = typeof value === 'string' ? schemaFromText(value, type) : value;
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema)))
    throw configError(`"${type}" needs a JSON Schema object as its value`);
  const text = JSON.stringify(schema);
  if (text.length > MAX_SCHEMA_CHARACTERS)
    throw configError(`"${type}": the JSON Schema is larger than ${MAX_SCHEMA_CHARACTERS / 1024} KB`);
  if (depthOf(schema, MAX_SCHEMA_DEPTH + 1) > MAX_SCHEMA_DEPTH)
    throw configError(`"${type}": the JSON Schema is nested deeper than ${MAX_SCHEMA_DEPTH} levels`);
  let validate = compiled.get(text);
  if (validate === undefined) {
    validate = compileOnce(schema as object | boolean, type);
    if (compiled.size >= CACHE_SIZE) compiled.clear();
    compiled.set(text, validate);
  }
  const check = validate;
  return (value) => (check(value) ? [] : describeErrors(check.errors ?? []));
}

function compileOnce(schema: object | boolean, type: string): ValidateFunction {
  const declared = typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  const engine = jsonSchemaEngine(declared);
  if (engine === undefined)
    throw configError(
      `"${type}": the JSON Schema's $schema (${JSON.stringify(declared)}) names a draft plume cannot check`,
      'use draft 2020-12 (no $schema), 2019-09, draft-07 or draft-06',
    );
  try {
    return engine.compile(schema);
  } catch (error) {
    if (declared === undefined) {
      try {
        return jsonSchemaEngine('http://json-schema.org/draft-07/schema#')!.compile(schema);
      } catch {
        // The 2020-12 error is the one to report.
      }
    }
    throw configError(`"${type}": the JSON Schema cannot be used: ${messageOf(error)}`);
  }
}

/** A schema written as a string (JSON or YAML), as promptfoo accepts it. */
function schemaFromText(text: string, type: string): unknown {
  try {
    return parseYamlSource(text, `the "${type}" value`).value;
  } catch (error) {
    throw configError(
      `"${type}": the value is neither a JSON Schema nor one written as JSON or YAML: ${messageOf(error)}`,
    );
  }
}

/** At most MAX_PROBLEMS problems, each as `/json/pointer: what is wrong`. */
function describeErrors(errors: readonly ErrorObject[]): string[] {
  const problems = errors.slice(0, MAX_PROBLEMS).map(describeError);
  const more = errors.length - MAX_PROBLEMS;
  return more > 0 ? [...problems, `(+${more} more)`] : problems;
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required')
    return `${error.instancePath}/${String(params.missingProperty)}: is required`;
  const pointer = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
      ? ` ("${String(params.additionalProperty ?? params.unevaluatedProperty)}")`
      : '';
  return `${pointer}: ${error.message ?? error.keyword}${extra}`;
}

/** Nesting depth of a JSON value, counted up to `limit`. */
function depthOf(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null || limit === 0) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
