import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { PlumeError, type SourceLocation } from '../util/errors.ts';
import { lazyModule } from '../util/lazy-module.ts';

/** Where an input schema was written: the front matter's `input.schema`, and how to locate a key path in it. */
export interface InputSchemaSource {
  file: string;
  /** `input.schema` as written (Picoschema or JSON Schema). */
  written: unknown;
  locate(path: readonly PropertyKey[]): SourceLocation;
}

/** Checks variables against an input schema; throws a VARIABLE_INVALID at the schema field's line. */
export type InputCheck = (variables: Record<string, unknown>) => void;

// ajv is loaded by the first check (render, run, a dry run), not by every command that reads a prompt.
const ajvModule = lazyModule<typeof import('ajv')>('ajv');
let ajv: Ajv | undefined;

/**
 * A check of variables against a prompt's input schema (types, enums, nested fields, required
 * nested fields), compiled once. Variables the schema does not name are let through: a suite's
 * variables are often shared by prompts that use some of them. Required top-level variables are
 * the missing-variable check's (VARIABLE_MISSING); values are never put in the message.
 */
export function inputCheck(
  schema: Record<string, unknown>,
  source: InputSchemaSource,
  prompt: string,
): InputCheck {
  // Variables are named: a schema of one scalar (`schema: string`) says nothing about them.
  if (schema.type !== 'object' && schema.properties === undefined) return () => {};
  let validate: ValidateFunction | undefined;
  return (variables) => {
    if (validate === undefined) {
      ajv ??= new (ajvModule().Ajv)({ allErrors: true, strict: false });
      try {
        validate = ajv.compile(schema);
      } catch {
        // A schema ajv cannot compile checks nothing, as before there were checks.
        validate = (() => true) as unknown as ValidateFunction;
      }
    }
    if (validate(variables)) return;
    const error = (validate.errors ?? []).find((found) => !ignored(found));
    if (error === undefined) return;
    const segments = instanceSegments(error);
    const name = segments.join('.') || '(variables)';
    throw new PlumeError({
      code: 'VARIABLE_INVALID',
      message: `prompt '${prompt}': variable '${name}' ${describeError(error, valueAt(variables, segments))}`,
      location: source.locate(['input', 'schema', ...schemaPath(source.written, segments)]),
      hint: "give a value of the type input.schema says (a --var is read as that type: --var flag=false, --var n=3, --var 'list=[1,2]')",
    });
  };
}

// Extra variables are not an error; a missing top-level variable is reported by name elsewhere.
function ignored(error: ErrorObject): boolean {
  if (error.instancePath !== '') return false;
  return error.keyword === 'additionalProperties' || error.keyword === 'required';
}

function instanceSegments(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  return segments;
}

function describeError(error: ErrorObject, value: unknown): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(', ');
    return `must be one of ${allowed}`;
  }
  return `${error.message ?? 'does not match the input schema'} (it is ${kindOf(value)})`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function valueAt(variables: unknown, segments: readonly string[]): unknown {
  let value = variables;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** The key path, under `input.schema`, of the field an instance path names (Picoschema or JSON Schema). */
export function schemaPath(written: unknown, segments: readonly string[]): string[] {
  const path: string[] = [];
  let node = written;
  for (const segment of segments) {
    if (!isRecord(node)) break;
    if (/^\d+$/.test(segment)) {
      // An item of a list: JSON Schema's `items`; a Picoschema array's fields sit under its key.
      if (isRecord(node.items)) {
        path.push('items');
        node = node.items;
      }
      continue;
    }
    if (isRecord(node.properties)) {
      if (!(segment in node.properties)) break;
      path.push('properties', segment);
      node = node.properties[segment];
      continue;
    }
    const key = Object.keys(node).find((candidate) => picoschemaName(candidate) === segment);
    if (key === undefined) break;
    path.push(key);
    node = node[key];
  }
  return path;
}

// `name?(array, the list)` names `name`.
function picoschemaName(key: string): string {
  return key.replace(/[?(].*$/s, '').trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
