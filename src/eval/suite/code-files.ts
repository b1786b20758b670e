import type { Assertion, AssertionEntry } from '../../spec/assertion.ts';
import type { TestDefinition } from '../../spec/suite.ts';
import { javascriptFileBody } from '../assertions/javascript-file.ts';
import { codeFileReference } from './value-files.ts';

const FILE_PREFIX = 'file://';

/** Reads a code file the suite names (inside the project): its text. */
export type CodeFileRead = (path: string) => string;

/**
 * A definition whose transforms name `file://path.js[:name]` (a check's `transform`, the test's
 * `transform` / `transformVars`) with the file's code read in, to run in the sandbox as promptfoo
 * loads such files. A `javascript` check's own `value: file://…` is read by withValueFiles. The
 * file's code is the same as code written where the path is: the suite's own in the suite, data's
 * in a tests file. Unchanged (the same object) when it names none.
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
  const transform = inline(entry.transform);
  return transform === entry.transform ? entry : { ...entry, transform };
}

/**
 * `file://path.js` or `file://path.js:name` as the body of a function over (output, context): the
 * module's named export, else its default (javascriptFileBody). Another `file://` (a Python file)
 * is left as written.
 */
function codeOfFile(reference: string, read: CodeFileRead): string {
  const file = codeFileReference(reference);
  if (file === undefined || file.path.endsWith('.py')) return reference;
  return javascriptFileBody(read(file.path), file.function);
}
