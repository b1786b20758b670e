import { isPlainObject } from './is-plain-object.ts';

// Refs followed within one another before a chain is taken for a cycle.
const MAX_DEPTH = 32;

/** A `$ref` that leads back into itself (or deeper than MAX_DEPTH). */
export class RefCycleError extends Error {
  readonly ref: string;

  constructor(ref: string) {
    super(`the reference ${ref} leads back into itself`);
    this.ref = ref;
  }
}

/**
 * `value` with each `{ $ref: '#/path/to/x' }` that points at something in `value` itself replaced
 * by (a copy of) what it points at, as promptfoo dereferences its configs
 * (`$ref: '#/assertionTemplates/noApology'`). A `$ref` pointing nowhere in the document (a JSON
 * Schema's own `#/$defs/…`, a file) is left as written. The same object when there is none.
 */
export function resolveLocalRefs<T>(value: T): T {
  const root = value as unknown;
  const resolve = (node: unknown, depth: number, chain: readonly string[]): unknown => {
    if (Array.isArray(node)) {
      let changed = false;
      const items = node.map((item) => {
        const next = resolve(item, depth, chain);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? items : node;
    }
    if (!isPlainObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      const target = pointAt(root, ref);
      if (target !== undefined) {
        if (chain.includes(ref) || depth >= MAX_DEPTH) throw new RefCycleError(ref);
        return resolve(structuredClone(target), depth + 1, [...chain, ref]);
      }
    }
    let changed = false;
    const entries = Object.entries(node).map(([key, item]) => {
      const next = resolve(item, depth, chain);
      if (next !== item) changed = true;
      return [key, next] as const;
    });
    return changed ? Object.fromEntries(entries) : node;
  };
  return resolve(root, 0, []) as T;
}

/** What a JSON pointer (`#/a/b~1c`) names in `root`; undefined when nothing is there. */
function pointAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isPlainObject(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}
