import { z } from 'zod';
import type { Assertion } from '../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue, stringListSchema } from './assertion-config.ts';
import type { AssertionContext } from './assertion-context.ts';
import { type AssertionOutcome, type CellHandler, verdict } from './assertion-handler.ts';
import { quote } from './text/quote.ts';

/** How many of the values must occur. */
type SearchMode = 'one' | 'any' | 'all';

interface SearchConfig {
  /** As written, for reasons. */
  values: string[];
  /** As searched (lower-cased when case-insensitive). */
  needles: string[];
  /** The reasons of a single value's search, written once rather than per cell. */
  found?: string;
  missing?: string;
}

const singleValueSchema = z.union([nonEmptyStringSchema, z.number().transform(String)]);

/** Build the contains / icontains family: one search, parsed once, with its case rule and mode. */
export function textSearch(mode: SearchMode, ignoreCase: boolean): CellHandler<SearchConfig> {
  return {
    kind: 'cell',
    parse(assertion: Assertion): SearchConfig {
      const values =
        mode === 'one'
          ? [parseValue(assertion, singleValueSchema, 'a non-empty string')]
          : parseValue(assertion, stringListSchema, 'a list of strings');
      const needles = ignoreCase ? values.map((value) => value.toLowerCase()) : values;
      if (mode !== 'one') return { values, needles };
      const quoted = quote(values[0]!, 40);
      return {
        values,
        needles,
        found: `Output contains ${quoted}`,
        missing: `Output does not contain ${quoted}`,
      };
    },
    check(config: SearchConfig, context: AssertionContext): AssertionOutcome {
      const haystack = ignoreCase ? context.output.toLowerCase() : context.output;
      if (config.found !== undefined && config.missing !== undefined) {
        const pass = haystack.includes(config.needles[0]!);
        return verdict(pass, pass ? config.found : config.missing);
      }
      const found = config.needles.map((needle) => haystack.includes(needle));
      const listed = (keep: boolean) =>
        config.values
          .filter((_, i) => found[i] === keep)
          .map((value) => quote(value, 40))
          .join(', ');
      const hits = found.filter(Boolean).length;
      if (mode === 'all') {
        const pass = hits === found.length;
        const reason = pass ? `Output contains all of ${listed(true)}` : `Output lacks ${listed(false)}`;
        return { pass, score: hits / found.length, reason };
      }
      const pass = hits > 0;
      return verdict(
        pass,
        pass ? `Output contains ${listed(true)}` : `Output contains none of ${listed(false)}`,
      );
    },
  };
}
