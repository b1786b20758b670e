import type { Assertion } from '../../../spec/assertion.ts';
import { stableStringify } from '../../../util/hash.ts';
import { safeJsonParse } from '../../../util/safe-json.ts';
import { NO_REFERENCE } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, undecided, verdict } from '../assertion-handler.ts';
import { quote } from '../text/quote.ts';

/** A text to match exactly, or a JSON value (in stable form) the output must parse to. */
type EqualsConfig = { text: string | undefined } | { json: string };

/** The output is exactly the value (or the test's expected answer); object values compare as JSON. */
export const equals: CellHandler<EqualsConfig> = {
  kind: 'cell',
  parse(assertion: Assertion): EqualsConfig {
    const { value } = assertion;
    if (value === undefined || typeof value === 'string') return { text: value };
    return { json: stableStringify(value) };
  },
  check(config: EqualsConfig, context: AssertionContext) {
    if ('json' in config) {
      const parsed = safeJsonParse(context.output.trim());
      if (!parsed.ok) return verdict(false, 'Output is not JSON, so it cannot equal the expected value');
      const same = stableStringify(parsed.value) === config.json;
      return verdict(
        same,
        same ? 'Output equals the expected JSON value' : 'Output JSON differs from the expected value',
      );
    }
    const expected = config.text ?? context.test.expected;
    if (expected === undefined) return undecided(NO_REFERENCE);
    const same = context.output === expected;
    return verdict(
      same,
      same ? `Output equals ${quote(expected)}` : `Output differs from ${quote(expected)}`,
    );
  },
};
