import { configError } from './assertion-config.ts';
import type { AssertionContext } from './assertion-context.ts';

/** A suite's own JavaScript, compiled once: called with the output and a read-only view of the cell. */
export type UserCode = (output: string, context: UserCodeContext) => unknown;

/** What suite code sees besides the output (no models, no tokenizer). */
export interface UserCodeContext {
  vars: Readonly<Record<string, unknown>>;
  test: AssertionContext['test'];
  prompt: string | undefined;
  latencyMs: number | undefined;
  costUsd: number | undefined;
  tokens: AssertionContext['tokens'];
}

export const CODE_NOT_ALLOWED =
  'this check runs the suite\'s JavaScript, and the suite does not allow code (set "allowCode: true" to run it)';

/**
 * Compile an expression (`output.length < 100`) or a function body with `return` into a
 * function, once. Compiling runs nothing; callers check `allowCode` before each call.
 */
export function compileUserCode(code: string, what: string): UserCode {
  const body = /\breturn\b/.test(code) ? code : `return (${code}\n);`;
  try {
    return new Function('output', 'context', `'use strict';\n${body}`) as UserCode;
  } catch (error) {
    throw configError(
      `${what}: the JavaScript does not compile: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** The view of a cell handed to suite code. */
export function userCodeContext(context: AssertionContext): UserCodeContext {
  return {
    vars: context.vars,
    test: context.test,
    prompt: context.prompt,
    latencyMs: context.latencyMs,
    costUsd: context.costUsd,
    tokens: context.tokens,
  };
}
