import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { configError, nonEmptyStringSchema, parseOption, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, verdict } from '../assertion-handler.ts';

const FLAGS = z
  .string()
  .regex(/^[imsuv]*$/, 'flags among i, m, s, u, v')
  .default('');

/** A compiled pattern, with both reasons written once rather than per cell. */
interface RegexConfig {
  pattern: RegExp;
  matches: string;
  misses: string;
}

/** Some part of the output matches the regular expression (JavaScript syntax; `config.flags` like "i"). */
export const regex: CellHandler<RegexConfig> = {
  kind: 'cell',
  parse(assertion: Assertion): RegexConfig {
    const source = parseValue(assertion, nonEmptyStringSchema, 'a regular expression');
    const flags = parseOption(assertion, 'flags', FLAGS);
    let pattern: RegExp;
    try {
      // Compiled once here; no g or y flag, so test() keeps no state between cells.
      pattern = new RegExp(source, flags);
    } catch (error) {
      throw configError(
        `"regex": invalid regular expression: ${error instanceof Error ? error.message : error}`,
      );
    }
    return { pattern, matches: `Output matches ${pattern}`, misses: `Output does not match ${pattern}` };
  },
  check(config: RegexConfig, context: AssertionContext) {
    const pass = config.pattern.test(context.output);
    return verdict(pass, pass ? config.matches : config.misses);
  },
};
