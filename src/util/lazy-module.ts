import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * A package (or a file of one) required on the first call of the returned function, then kept:
 * for packages that cost time to load and that many commands or runs never use. `require` of an
 * ES module is synchronous in Node 22.12+. Each caller says why its package waits.
 */
export function lazyModule<T>(specifier: string): () => T {
  let module: T | undefined;
  return () => {
    module ??= load(specifier) as T;
    return module;
  };
}
