import type { SandboxResult } from '../code/sandbox-job.ts';
import { userCodeSandbox } from '../code/user-code-sandbox.ts';
import { configError } from './assertion-config.ts';
import type { AssertionContext } from './assertion-context.ts';

/**
 * A suite's own JavaScript, checked once: each call runs it in the sandbox, out of plume's
 * process, on the output and a copy of the cell's view (JSON data only).
 */
export interface UserCode {
  /** `output`: the answer (a string), or the vars for transformVars' code. */
  run(output: unknown, context: UserCodeContext): Promise<SandboxResult>;
}

/** What suite code sees besides the output (no models, no tokenizer). */
export interface UserCodeContext {
  vars: Readonly<Record<string, unknown>>;
  test: AssertionContext['test'];
  prompt: string | undefined;
  latencyMs: number | undefined;
  costUsd: number | undefined;
  tokens: AssertionContext['tokens'];
  /** An id of the test's run of transformVars (promptfoo's `context.uuid`, often a session id). */
  uuid?: string;
}

export const CODE_NOT_ALLOWED =
  'this check runs JavaScript, and this run allows no code (the suite sets "allowCode: false", or plume eval ran with --no-code)';

/**
 * Code that came with test data (a tests file's own checks, a check's code filled in from vars)
 * is not the suite's: whoever wrote the data may not be whoever runs the suite.
 */
export const DATA_CODE_NOT_ALLOWED =
  'this check\'s JavaScript comes from test data (a tests file, or {{vars}} read from one), which runs only when the suite sets "allowCode: true"';

/**
 * Read an expression (`output.length < 100`) or a function body with `return`, once. It is
 * compiled here only to report a syntax error when the suite loads: compiling runs nothing, and
 * the code itself runs in the sandbox. Callers check `allowCode` (and, for data's code, `allowDataCode`) before each call.
 */
export function compileUserCode(code: string, what: string, input: 'output' | 'vars' = 'output'): UserCode {
  // An expression may end with a semicolon, as promptfoo's single-line code may.
  const own = /\breturn\b/.test(code) ? code : `return (${code.trim().replace(/;+$/, '')}\n);`;
  // transformVars' code names its input `vars`, as promptfoo's does; the sandbox hands it in as output.
  const body = input === 'output' ? own : `const ${input} = output;\n${own}`;
  try {
    new Function('output', 'context', `'use strict';\n${body}`);
  } catch (error) {
    throw configError(
      `${what}: the JavaScript does not compile: ${error instanceof Error ? error.message : error}`,
    );
  }
  return { run: (output, context) => userCodeSandbox().run(body, output, context) };
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
