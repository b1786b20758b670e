import { messagesOf, userMessage } from '../../library/nunjucks-prompt.ts';
import type { Message } from '../../spec/model.ts';
import type { PromptVersion, ResolvedPrompt } from '../../spec/prompt.ts';
import { PlumeError, type SourceLocation } from '../../util/errors.ts';
import { sha256 } from '../../util/hash.ts';
import { userCodeSandbox } from '../code/user-code-sandbox.ts';

/** A promptfoo prompt function: the JavaScript of its file and the export to call. */
export interface FunctionSource {
  code: string;
  /** The export named after `:` in `file://prompt.js:name`; else the module's function or default export. */
  functionName: string | undefined;
  file: string;
  /** The prompt's label, to name it in errors. */
  label: string;
}

/** The version hash of a prompt function: its code and the export called. */
export function functionPromptHash(source: FunctionSource): string {
  return sha256(`javascript\n${source.functionName ?? ''}\n${source.code}`);
}

/**
 * A prompt built by the suite's JavaScript (promptfoo's `file://prompt.js:name`). It runs in the
 * sandbox, as javascript checks do: out of plume's process, with no file, network, module or
 * environment variable, on a copy of the test's variables (`{ vars }`, as promptfoo passes them).
 * What it returns — text, a list of `{role, content}`, or `{ prompt }` holding either — is the
 * prompt; its text is not rendered again (the function has done what a template would).
 * The module is read as CommonJS (`module.exports`) or with plain `export` statements; it cannot
 * import anything.
 */
export function createFunctionPrompt(
  version: PromptVersion,
  source: FunctionSource,
  allowCode: boolean,
  at: SourceLocation,
): ResolvedPrompt {
  if (!allowCode) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: `prompt ${source.label} runs JavaScript, and this run allows no code (the suite sets "allowCode: false", or plume eval ran with --no-code)`,
      location: at,
      hint: 'remove "allowCode: false" (or --no-code) to run it in plume\'s sandbox, or write the prompt as a template',
    });
  }
  const body = moduleBody(source, at);
  const where = { file: source.file, bodyLine: 1 };
  return {
    name: version.name,
    version,
    params: {},
    async render(variables) {
      const result = await userCodeSandbox().run(body, '', { vars: variables });
      if (!result.ok) {
        throw new PlumeError({
          code: 'PROMPT_INVALID',
          message: `the prompt function ${source.label} ${result.reason}`,
          location: { file: source.file },
        });
      }
      return {
        messages: promptOf(result.value, where),
        params: {},
        model: undefined,
        outputSchema: undefined,
      };
    },
  };
}

function promptOf(value: unknown, where: { file: string; bodyLine: number }): Message[] {
  if (typeof value === 'string') return userMessage(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'prompt' in value) {
    return promptOf((value as { prompt: unknown }).prompt, where);
  }
  return messagesOf(value, where) ?? userMessage(JSON.stringify(value ?? null));
}

const IMPORT = /^\s*import\s[^(]/m;
const EXPORTED_DECLARATION =
  /^export\s+((?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)|(?:const|let|var|class)\s+([A-Za-z_$][\w$]*))/gm;

/**
 * The function body the sandbox runs: the module's code with `module` and `exports` to write to,
 * then the call. `export function f`, `export const f =` and `export default` are read as
 * assignments to `module.exports`; an `import` has nothing to import in the sandbox.
 */
function moduleBody(source: FunctionSource, at: SourceLocation): string {
  if (IMPORT.test(source.code) || /\brequire\s*\(/.test(source.code)) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: `the prompt function in ${source.file} imports modules, which the sandbox does not have`,
      location: at,
      hint: 'keep the prompt function self-contained: no import or require',
    });
  }
  const exported: string[] = [];
  const code = source.code
    .replace(EXPORTED_DECLARATION, (_match, declaration: string, functionName?: string, name?: string) => {
      exported.push((functionName ?? name)!);
      return declaration;
    })
    .replace(/^export\s+default\s+/m, 'module.exports.default = ');
  const name = source.functionName === undefined ? 'undefined' : JSON.stringify(source.functionName);
  const body = [
    'const module = { exports: {} }; let exports = module.exports;',
    code,
    ...exported.map((item) => `module.exports.${item} = ${item};`),
    `const named = ${name};`,
    "const found = named !== undefined ? module.exports[named] : typeof module.exports === 'function' ? module.exports : module.exports.default;",
    "if (typeof found !== 'function') throw new Error(named === undefined ? 'exports no function' : 'exports no function ' + named);",
    'return found(context);',
  ].join('\n');
  // Compiled here only to report a syntax error when the suite loads; it runs in the sandbox.
  try {
    new Function('output', 'context', `'use strict';\n${body}`);
  } catch (error) {
    throw new PlumeError({
      code: 'SUITE_INVALID',
      message: `the prompt function in ${source.file} does not compile: ${error instanceof Error ? error.message : error}`,
      location: at,
    });
  }
  return body;
}
