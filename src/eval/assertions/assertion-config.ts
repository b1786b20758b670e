import { z } from 'zod';
import type { Assertion } from '../../spec/assertion.ts';
import { PlumeError } from '../../util/errors.ts';
import type { AssertionContext } from './assertion-context.ts';

/** A wrong assertion config; compileAssertions adds where in the suite it is. */
export function configError(message: string, hint?: string): PlumeError {
  return new PlumeError({ code: 'CONFIG_INVALID', message, hint });
}

/** Read an assertion's `value` with a zod schema, or throw a config error naming the type. */
export function parseValue<T>(assertion: Assertion, schema: z.ZodType<T>, expected: string): T {
  const result = schema.safeParse(assertion.value);
  if (result.success) return result.data;
  throw configError(`"${assertion.type}" needs a value that is ${expected}`, result.error.issues[0]?.message);
}

/** Read a field of an assertion's `config`, or throw a config error. */
export function parseOption<T>(assertion: Assertion, key: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(assertion.config?.[key]);
  if (result.success) return result.data;
  throw configError(`"${assertion.type}": config.${key} is invalid`, result.error.issues[0]?.message);
}

// Schemas are built once, here and in the handlers, never in a parse: a suite of many tests with
// checks of their own parses a check per test, and building a schema costs ten times the parse.

/** A string with at least one character. */
export const nonEmptyStringSchema = z.string().min(1);

/** A string, or a list of strings (a string with commas is split, as promptfoo does). */
export const stringListSchema = z.union([
  z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  z
    .string()
    .min(1)
    .transform((text) => text.split(',').map((part) => part.trim())),
]);

/** An optional reference text (or texts); checks fall back to the test's expected answer. */
export const referenceSchema = z
  .union([z.string(), z.array(z.string()).min(1), z.number().transform(String)])
  .optional()
  .transform((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]));

/** The reference texts of a check: its own value, else the test's expected answer. */
export function referencesFor(own: string[] | undefined, context: AssertionContext): string[] | undefined {
  if (own) return own;
  return context.test.expected === undefined ? undefined : [context.test.expected];
}

export const NO_REFERENCE =
  'no reference to compare with: give the assertion a value or the test an expected answer';

/** Read an assertion's `threshold` with a zod schema (which may give a default), or throw a config error. */
export function parseThreshold<T>(assertion: Assertion, schema: z.ZodType<T>, meaning: string): T {
  const result = schema.safeParse(assertion.threshold);
  if (result.success) return result.data;
  throw configError(
    `"${assertion.type}" needs a threshold that is ${meaning}`,
    result.error.issues[0]?.message,
  );
}
