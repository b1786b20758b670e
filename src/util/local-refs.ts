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
  const resolve = (node: unknown, chain: readonly string[]): unknown => {
    // A suite without references is walked without a copy of anything (every load walks it).
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < node.length; index++) {
        const next = resolve(node[index], chain);
        if (next === node[index]) continue;
        copy ??= [...node];
        copy[index] = next;
      }
      return copy ?? node;
    }
    if (!isPlainObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      const target = pointAt(root, ref);
      if (target !== undefined) {
        if (chain.includes(ref) || chain.length >= MAX_DEPTH) throw new RefCycleError(ref);
        return resolve(structuredClone(target), [...chain, ref]);
      }
    }
    let copy: Record<string, unknown> | undefined;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const next = resolve(node[key], chain);
      if (next === node[key]) continue;
      copy ??= { ...node };
      copy[key] = next;
    }
    return copy ?? node;
  };
  return resolve(root, []) as T;
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
