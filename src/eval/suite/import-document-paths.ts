/**
 * Paths in a config document that an import prunes: reading a value at a path, removing one and
 * remembering where (so a later path can be named as the user wrote it), finding the entry at a
 * line. Paths are zod's and the YAML source's: keys and array indexes.
 */

/** An array element removed, in the coordinates of the document at the time. */
export interface Removal {
  parent: readonly PropertyKey[];
  index: number;
}

// Enough for any config worth importing; past it the import stops instead of searching on.
const MAX_NODES = 20_000;

/** The shallowest path of `document` (the first, breadth first) whose node `matches`. */
export function shallowestAt(
  document: unknown,
  matches: (path: readonly PropertyKey[], node: unknown) => boolean,
): readonly PropertyKey[] | undefined {
  let level: [PropertyKey[], unknown][] = [[[], document]];
  for (let visited = 0; level.length > 0 && visited < MAX_NODES; visited += level.length) {
    const next: [PropertyKey[], unknown][] = [];
    for (const [path, node] of level) {
      if (path.length > 0 && matches(path, node)) return path;
      if (node === null || typeof node !== 'object') continue;
      const entries = Array.isArray(node)
        ? node.map((item, index) => [index, item] as const)
        : Object.entries(node);
      for (const [key, inner] of entries) next.push([[...path, key], inner]);
    }
    level = next;
  }
  return undefined;
}

/** The value at `path`, undefined where there is none. */
export function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    document,
  );
}

/** Remove the value at `path`; an array element's removal is recorded in `removals`. */
export function remove(
  document: Record<string, unknown>,
  path: readonly PropertyKey[],
  removals: Removal[],
): void {
  const parentPath = path.slice(0, -1);
  const parent = valueAt(document, parentPath);
  const key = path.at(-1)!;
  if (Array.isArray(parent)) {
    parent.splice(Number(key), 1);
    removals.push({ parent: parentPath, index: Number(key) });
  } else if (parent !== null && typeof parent === 'object') {
    delete (parent as Record<PropertyKey, unknown>)[key];
  }
}

/** A path of the pruned document as a path of the config as written (undoing removals, last first). */
export function originalPath(path: readonly PropertyKey[], removals: readonly Removal[]): PropertyKey[] {
  const result = [...path];
  for (const { parent, index } of [...removals].reverse()) {
    const depth = parent.length;
    const under = result.length > depth && parent.every((key, at) => String(result[at]) === String(key));
    if (under && Number(result[depth]) >= index) result[depth] = Number(result[depth]) + 1;
  }
  return result;
}
