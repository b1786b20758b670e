/**
 * The combinations of a test's variables, as promptfoo expands them: a variable whose value is a
 * list of strings (or a `file://` glob, read into one) stands for each of its values in turn, and
 * the test runs once per combination of all such variables — the first varies slowest. A list of
 * anything else (numbers, objects, an empty list) is one value, kept whole. Without such a
 * variable the result is the vars themselves.
 */
export function expandVars(vars: Record<string, unknown>): Record<string, unknown>[] {
  let combinations: Record<string, unknown>[] | undefined;
  for (const key in vars) {
    if (!Object.hasOwn(vars, key)) continue;
    const value = vars[key];
    if (!isStringList(value)) continue;
    const base = combinations ?? [vars];
    combinations = base.flatMap((combination) => value.map((item) => ({ ...combination, [key]: item })));
  }
  return combinations ?? [vars];
}

// promptfoo looks at the first item only; so does this, so that a suite expands as it did there.
function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && typeof value[0] === 'string';
}
