import { extname } from 'node:path';
import type { SuiteExtension, SuiteFile } from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import { javascriptFileBody } from '../assertions/javascript-file.ts';
import type { SandboxResult } from '../code/sandbox-job.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { suiteError } from './suite-error.ts';
import { codeFileReference } from './value-files.ts';

/** promptfoo's extension hooks. plume runs the two that shape a run: beforeAll and beforeEach. */
const HOOK_NAMES = ['beforeAll', 'beforeEach', 'afterEach', 'afterAll'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** One entry of a suite's `extensions` (see SuiteExtension). */
export type ExtensionHook = SuiteExtension;

/**
 * The suite's extensions read: each `file://path.js[:function]` (its default export without a
 * name) or `file://path.py:function`, inside the project, as the suite's own code. `at(index)`
 * locates an entry.
 */
export function readExtensions(
  written: readonly string[],
  reader: FileVarReader,
  at: (index: number) => SourceLocation,
): ExtensionHook[] {
  return written.map((entry, index) => {
    const reference = codeFileReference(entry);
    const extension = reference === undefined ? '' : extname(reference.path).toLowerCase();
    if (reference === undefined || !['.js', '.cjs', '.mjs', '.py'].includes(extension)) {
      throw suiteError(
        `extensions[${index}]: '${entry}' is not a JavaScript or Python file`,
        at(index),
        'write file://hooks.js:functionName or file://hooks.py:functionName',
      );
    }
    const language = extension === '.py' ? 'python' : 'javascript';
    if (language === 'python' && reference.function === undefined) {
      throw suiteError(
        `extensions[${index}]: a Python extension names its function`,
        at(index),
        `write ${entry}:function_name`,
      );
    }
    const named = HOOK_NAMES.find((name) => name === reference.function);
    return {
      written: entry,
      language,
      file: reference.path,
      code: reader.readCode(reference.path, () => at(index)),
      function: reference.function,
      // A Python function is always called as promptfoo's legacy hooks are, with the hook's name.
      only: language === 'javascript' ? named : undefined,
    };
  });
}

/**
 * Call one hook of an extension (one of hooksFor's) with `context` (JSON data): in the sandbox for
 * JavaScript, in a python3 process for Python, as the suite's checks run.
 */
export async function callHook(
  hook: ExtensionHook,
  name: HookName,
  context: Record<string, unknown>,
): Promise<SandboxResult> {
  // Loaded on a hook's first call: a suite without extensions never loads the process machinery.
  const { USER_CODE_LIMITS, userCodeSandbox } = await import('../code/user-code-sandbox.ts');
  if (hook.language === 'python') {
    const { runPython } = await import('../code/python-process.ts');
    return runPython(
      { code: hook.code, file: hook.file, function: hook.function },
      name,
      context,
      USER_CODE_LIMITS,
    );
  }
  const body = javascriptFileBody(hook.code, hook.function);
  // The sandbox calls the function with (output, context): the hook's name and its context, or
  // the context alone for a function named after its hook.
  const first = hook.only === undefined ? name : context;
  return userCodeSandbox().run(body, first, context as never);
}

/** The hooks among `hooks` that serve `name`. */
export function hooksFor(hooks: readonly ExtensionHook[], name: HookName): ExtensionHook[] {
  return hooks.filter((hook) => hook.only === undefined || hook.only === name);
}

/**
 * Run the suite's beforeAll hooks on the suite as written, as promptfoo does before a run: each
 * gets `{ suite: { description, prompts, providers, tests, defaultTest, scenarios } }` and may
 * return it changed. What plume takes back: the tests, defaultTest and scenarios (a test file
 * named by `file://` is still a name here, read after the hooks). A hook that fails refuses the
 * suite, at `at`.
 */
export async function runBeforeAll(
  hooks: readonly ExtensionHook[],
  written: SuiteFile,
  at: () => SourceLocation,
): Promise<Record<string, unknown>> {
  let suite: Record<string, unknown> = {
    description: written.description,
    prompts: written.prompts,
    providers: written.models ?? written.providers ?? written.targets,
    tests: written.tests === undefined ? [] : [written.tests].flat(),
    defaultTest: {
      ...EMPTY_DEFAULT_TEST,
      ...(isPlainObject(written.defaultTest) ? written.defaultTest : {}),
    },
    scenarios: written.scenarios ?? [],
  };
  for (const hook of hooksFor(hooks, 'beforeAll')) {
    const result = await callHook(hook, 'beforeAll', { suite });
    if (!result.ok) throw suiteError(`extension ${hook.written}: its beforeAll hook ${result.reason}`, at());
    const returned = isPlainObject(result.value) ? result.value.suite : undefined;
    if (isPlainObject(returned))
      suite = { ...suite, ...pick(returned, ['tests', 'defaultTest', 'scenarios']) };
  }
  const { tests, scenarios } = suite;
  // A defaultTest read from a file stays that file unless a hook changed it.
  const unchanged =
    typeof written.defaultTest === 'string' &&
    JSON.stringify(suite.defaultTest) === JSON.stringify(EMPTY_DEFAULT_TEST);
  return {
    ...written,
    tests,
    defaultTest: unchanged ? written.defaultTest : suite.defaultTest,
    ...(Array.isArray(scenarios) && scenarios.length > 0 ? { scenarios } : { scenarios: undefined }),
  };
}

// What a hook is given as defaultTest when the suite has none, as promptfoo gives it.
const EMPTY_DEFAULT_TEST = { vars: {}, assert: [], options: {} };

function pick(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]]));
}
