import type { Suite } from '../../spec/suite.ts';
import { PlumeError } from '../../util/errors.ts';
import { iterateTests } from './iterate-tests.ts';

/**
 * Refuse, before any call, a variable to break a run down by that no test of the suite sets
 * (`plume eval --by langauge`), naming the variables the tests have. Reads the tests until each
 * name is found: the first test, nearly always; the whole suite only to refuse.
 */
export async function checkSuiteVariables(suite: Suite, names: readonly string[]): Promise<void> {
  const missing = new Set(names);
  const seen = new Set<string>();
  if (missing.size === 0) return;
  for await (const test of iterateTests(suite)) {
    for (const name of Object.keys(test.vars)) {
      seen.add(name);
      missing.delete(name);
    }
    if (missing.size === 0) return;
  }
  const [first] = missing;
  throw new PlumeError({
    code: 'USAGE',
    message: `no test of the suite has a variable '${first}' to break down by`,
    hint:
      seen.size === 0
        ? 'its tests have no variables'
        : `its tests have: ${[...seen].sort().join(', ')} (names are case-sensitive)`,
  });
}
