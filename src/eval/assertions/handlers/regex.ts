import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { configError, parseOption, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, verdict } from '../assertion-handler.ts';

/** Some part of the output matches the regular expression (JavaScript syntax; `config.flags` like "i"). */
export const regex: CellHandler<RegExp> = {
  kind: 'cell',
  parse(assertion: Assertion): RegExp {
    const source = parseValue(assertion, z.string().min(1), 'a regular expression');
    const flags = parseOption(
      assertion,
      'flags',
      z
        .string()
        .regex(/^[imsuv]*$/, 'flags among i, m, s, u, v')
        .default(''),
    );
    try {
      // Compiled once here; no g or y flag, so test() keeps no state between cells.
      return new RegExp(source, flags);
    } catch (error) {
      throw configError(
        `"regex": invalid regular expression: ${error instanceof Error ? error.message : error}`,
      );
    }
  },
  check(pattern: RegExp, context: AssertionContext) {
    const pass = pattern.test(context.output);
    return verdict(pass, pass ? `Output matches ${pattern}` : `Output does not match ${pattern}`);
  },
};
