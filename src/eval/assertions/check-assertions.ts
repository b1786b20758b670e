import type { AssertionEntry } from '../../spec/assertion.ts';
import { type CompileOptions, compileAssertions, prepareAssertions } from './compile-assertions.ts';

/**
 * Compile an `assert` list only to find its mistakes (a regex or a JSON Schema that does not
 * compile, a wrong value), so that a suite is refused before its first call rather than when the
 * runner reaches the test. Throws a located CONFIG_INVALID on the first wrong entry; undefined
 * when every handler was loaded already (nearly every test), else a promise.
 */
export function checkAssertions(
  entries: readonly AssertionEntry[],
  options: CompileOptions,
): Promise<void> | undefined {
  if (entries.length === 0) return undefined;
  const loading = prepareAssertions(entries);
  if (loading === undefined) {
    compileAssertions(entries, options);
    return undefined;
  }
  return loading.then(() => {
    compileAssertions(entries, options);
  });
}
