import type { Assertion, AssertionEntry } from '../../spec/assertion.ts';
import type { TestDefinition } from '../../spec/suite.ts';

const FILE_PREFIX = 'file://';
const CODE_FILE = /^file:\/\/(.+?\.(?:js|cjs|mjs))(?::([A-Za-z_$][\w$]*))?$/;

/** Reads a code file the suite names (inside the project): its text. */
export type CodeFileRead = (path: string) => string;

/**
 * A definition whose `file://path.js` code (a `javascript` check's value, a check's `transform`,
 * the test's `transform` / `transformVars`) is read in as code to run in the sandbox, as promptfoo
 * loads such files. The file's code is the same as code written where the path is: the suite's
 * own in the suite, data's in a tests file. Unchanged (the same object) when it names none.
 */
export function withCodeFiles(definition: TestDefinition, read: CodeFileRead): TestDefinition {
  let changed = false;
  const inline = (code: string | undefined): string | undefined => {
    if (code === undefined || !code.startsWith(FILE_PREFIX)) return code;
    const inlined = codeOfFile(code, read);
    if (inlined !== code) changed = true;
    return inlined;
  };
  const assert = definition.assert.map((entry) => inlineEntry(entry, inline));
  const { transform, transformVars } = definition.options;
  const options = { ...definition.options };
  if (transform !== undefined) options.transform = inline(transform)!;
  if (transformVars !== undefined) options.transformVars = inline(transformVars)!;
  return changed ? { ...definition, assert, options } : definition;
}

function inlineEntry(
  entry: AssertionEntry,
  inline: (code: string | undefined) => string | undefined,
): AssertionEntry {
  if (entry.type === 'assert-set') {
    return { ...entry, assert: entry.assert.map((child) => inlineEntry(child, inline) as Assertion) };
  }
  const value =
    entry.type === 'javascript' && typeof entry.value === 'string' ? inline(entry.value) : entry.value;
  const transform = inline(entry.transform);
  if (value === entry.value && transform === entry.transform) return entry;
  return { ...entry, value, ...(transform === undefined ? {} : { transform }) };
}

/**
 * `file://path.js` or `file://path.js:name` as the body of a function over (output, context):
 * the module's code, then a call of its named export, else its default export (or `module.exports`
 * when that is a function). CommonJS (`module.exports = ...`) and `export default` / `export
 * function` are read; the code has no `require` or `import` in the sandbox. Another `file://`
 * (a Python file) is left as written.
 */
export function codeOfFile(reference: string, read: CodeFileRead): string {
  const match = CODE_FILE.exec(reference);
  if (!match) return reference;
  const [, path = '', name] = match;
  const exported: string[] = [];
  const body = read(path)
    .replace(/^\s*export\s+default\s+/m, 'module.exports.default = ')
    .replace(
      /^(\s*)export\s+((?:async\s+)?function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm,
      (_all, indent: string, kind: string, exportedName: string) => {
        exported.push(exportedName);
        return `${indent}${kind} ${exportedName}`;
      },
    );
  const target =
    name === undefined
      ? "typeof module.exports === 'function' ? module.exports : module.exports.default"
      : `module.exports[${JSON.stringify(name)}]`;
  return [
    'const module = { exports: {} };',
    'let exports = module.exports;',
    body,
    ';',
    ...exported.map((each) => `module.exports.${each} = ${each};`),
    `const __plumeFunction = ${target};`,
    `if (typeof __plumeFunction !== 'function') throw new Error(${JSON.stringify(`${reference} exports no function${name === undefined ? '' : ` named ${name}`}`)});`,
    'return __plumeFunction(output, context);',
  ].join('\n');
}
