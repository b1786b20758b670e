import { PlumeError } from '../../util/errors.ts';
import { stableStringify } from '../../util/hash.ts';
import { DEFAULT_GOLD_VARS, type SimSettings } from './sim-settings.ts';
import { foldText, textOf } from './sim-text.ts';

type Vars = Readonly<Record<string, unknown>>;

/** The test's gold answer: the first gold variable set; a user error (VARIABLE_MISSING) when none is. */
export function goldOf(settings: SimSettings, vars: Vars | undefined, modelId: string): unknown {
  const names = settings.goldVar === undefined ? DEFAULT_GOLD_VARS : [settings.goldVar];
  for (const name of names) {
    const value = vars?.[name];
    if (value !== undefined && value !== null) return value;
  }
  throw new PlumeError({
    code: 'VARIABLE_MISSING',
    message: `${modelId} needs the test's gold answer, in a variable named ${names.join(', or ')}; none is set`,
    hint: `add ${names.length === 1 ? `'${names[0]}'` : `one of ${names.join(', ')}`} to the test's vars (or name the variable with sim.goldVar); see docs/simulator.md`,
  });
}

/**
 * What identifies a test to the sim: the value of its input variable when set, else all its
 * variables. Folded like demonstration inputs (whitespace runs to one space, trimmed).
 */
export function testKey(settings: SimSettings, vars: Vars | undefined): string {
  const input = vars?.[settings.inputVar];
  if (input !== undefined && input !== null) return foldText(textOf(input));
  return stableStringify(vars ?? {});
}
