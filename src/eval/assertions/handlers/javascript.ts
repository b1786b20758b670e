import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { codeFailure, interpret } from '../code-result.ts';
import { parseCodeValue } from '../code-value.ts';
import { javascriptFileBody } from '../javascript-file.ts';
import { CODE_NOT_ALLOWED, compileUserCode, type UserCode, userCodeContext } from '../user-code.ts';

interface JavascriptConfig {
  code: UserCode;
  threshold: number | undefined;
}

/**
 * Suite JavaScript (inline, or `file://check.js[:function]` read when the suite loads) returning a boolean, a score (passes above 0, or at `threshold`), or
 * `{ pass, score?, reason? }`. Runs only when the suite allows code.
 */
export const javascript: CellHandler<JavascriptConfig> = {
  kind: 'cell',
  needsCode: true,
  parse(assertion: Assertion) {
    const value = parseCodeValue(assertion, 'JavaScript');
    const code =
      value.kind === 'inline'
        ? compileUserCode(value.code, '"javascript"')
        : compileUserCode(javascriptFileBody(value.code, value.function), `"javascript" (${value.file})`);
    return { code, threshold: assertion.threshold };
  },
  async check(config: JavascriptConfig, context: AssertionContext): Promise<AssertionOutcome> {
    if (!context.allowCode) return undecided(CODE_NOT_ALLOWED);
    const result = await config.code.run(context.output, userCodeContext(context));
    if (!result.ok) return codeFailure('javascript', result);
    return interpret(result.value, config.threshold);
  },
};
