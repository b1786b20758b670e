import type { Assertion } from '../../../spec/assertion.ts';
import { lazyModule } from '../../../util/lazy-module.ts';
import { configError, parseValue, stringListSchema } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided, verdict } from '../assertion-handler.ts';
import { FRANC_CODES } from '../text/language-codes.ts';

// franc-min builds its trigram tables as it loads (some 20 ms): loaded on the first check, so
// suites without a language check never pay for it.
const francMin = lazyModule<typeof import('franc-min')>('franc-min');

interface LanguageConfig {
  /** ISO 639-3 codes as franc reports them. */
  codes: Set<string>;
  written: string[];
}

/** The output is written in one of the languages given (ISO 639-1 like "fr", or 639-3 like "fra"). */
export const language: CellHandler<LanguageConfig> = {
  kind: 'cell',
  parse(assertion: Assertion): LanguageConfig {
    const written = parseValue(assertion, stringListSchema, 'a language code or a list of them');
    const codes = written.map((code) => {
      const normalized = code.trim().toLowerCase();
      const known = FRANC_CODES[normalized] ?? (/^[a-z]{3}$/.test(normalized) ? normalized : undefined);
      if (!known)
        throw configError(
          `"language": unknown language code "${code}"`,
          'use ISO 639-1 ("en") or 639-3 ("eng")',
        );
      return known;
    });
    return { codes: new Set(codes), written };
  },
  check(config: LanguageConfig, context: AssertionContext): AssertionOutcome {
    const detected = francMin().franc(context.output);
    if (detected === 'und') return undecided('Output is too short to tell its language');
    const pass = config.codes.has(detected);
    return verdict(pass, `Output reads as ${detected}; expected ${config.written.join(' or ')}`);
  },
};
