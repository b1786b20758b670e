import { z } from 'zod';
import { configError } from '../assertion-config.ts';

/** Checks a value against a JSON Schema; returns readable problems, none when it conforms. */
export type JsonSchemaCheck = (value: unknown) => string[];

const MAX_PROBLEMS = 3;

/**
 * Compile a JSON Schema once (draft 2020-12, 7 or 4, local $refs) with zod's converter.
 * `not`, `if/then/else`, `dependentSchemas` and `unevaluated*` are not supported and are
 * reported as config errors rather than silently ignored.
 */
export function compileJsonSchema(schema: unknown, type: string): JsonSchemaCheck {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    if (typeof schema !== 'boolean') throw configError(`"${type}" needs a JSON Schema object as its value`);
  }
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw configError(
      `"${type}": the JSON Schema cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (value) => {
    const result = validator.safeParse(value);
    if (result.success) return [];
    const problems = result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
      const pointer = issue.path.length === 0 ? '(root)' : `/${issue.path.map(String).join('/')}`;
      return `${pointer}: ${issue.message}`;
    });
    const more = result.error.issues.length - MAX_PROBLEMS;
    return more > 0 ? [...problems, `(+${more} more)`] : problems;
  };
}
