/** A `{{name}}` naming another variable (promptfoo's rule: a single name, no filters). */
const REFERENCE = /\{\{\s*(\w+)\s*\}\}/;

/** Rounds of substitution, as promptfoo does: enough for chains, bounded for cycles. */
const ROUNDS = 5;

/**
 * Variables whose text refers to other variables (`b: '{{a}} and more'`) with those filled in,
 * as promptfoo resolves them before rendering: each round replaces the first reference of each
 * string to a variable that exists, until none is left or ROUNDS have passed; a reference to a
 * missing variable stays for the template to render (as nothing). A value that is not text is
 * written as JSON. Values lose one trailing newline (promptfoo: a trap for JSON prompts).
 * The input is not changed; it is returned as it is when no value refers to another.
 */
export function resolveVarReferences(
  variables: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const keys = Object.keys(variables);
  if (!keys.some((key) => hasTrap(variables[key]))) return variables;
  const resolved: Record<string, unknown> = {};
  for (const key of keys) {
    const value = variables[key];
    resolved[key] = typeof value === 'string' ? value.replace(/\n$/, '') : value;
  }
  for (let round = 0; round < ROUNDS; round++) {
    let changed = false;
    for (const key of keys) {
      const value = resolved[key];
      if (typeof value !== 'string') continue;
      const match = REFERENCE.exec(value);
      if (!match || !Object.hasOwn(resolved, match[1]!) || resolved[match[1]!] === undefined) continue;
      const target = resolved[match[1]!];
      const text = typeof target === 'string' ? target : JSON.stringify(target);
      resolved[key] = value.slice(0, match.index) + text + value.slice(match.index + match[0].length);
      changed = true;
    }
    if (!changed) break;
  }
  return resolved;
}

function hasTrap(value: unknown): boolean {
  return typeof value === 'string' && (value.endsWith('\n') || REFERENCE.test(value));
}
