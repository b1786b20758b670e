import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { nonEmptyStringSchema, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided, verdict } from '../assertion-handler.ts';
import { CODE_NOT_ALLOWED, compileUserCode, type UserCode, userCodeContext } from '../user-code.ts';

interface JavascriptConfig {
  code: UserCode;
  threshold: number | undefined;
}

const returnedSchema = z.object({
  pass: z.boolean(),
  score: z.number().optional(),
  reason: z.string().optional(),
});

/**
 * Suite JavaScript returning a boolean, a score (passes above 0, or at `threshold`), or
 * `{ pass, score?, reason? }`. Runs only when the suite allows code.
 */
export const javascript: CellHandler<JavascriptConfig> = {
  kind: 'cell',
  needsCode: true,
  parse: (assertion: Assertion) => ({
    code: compileUserCode(parseValue(assertion, nonEmptyStringSchema, 'JavaScript code'), '"javascript"'),
    threshold: assertion.threshold,
  }),
  async check(config: JavascriptConfig, context: AssertionContext): Promise<AssertionOutcome> {
    if (!context.allowCode) return undecided(CODE_NOT_ALLOWED);
    const result = await config.code.run(context.output, userCodeContext(context));
    if (!result.ok) return undecided(`the javascript check ${result.reason}`);
    return interpret(result.value, config.threshold);
  },
};

function interpret(returned: unknown, threshold: number | undefined): AssertionOutcome {
  if (typeof returned === 'boolean') return verdict(returned, `The javascript check returned ${returned}`);
  if (typeof returned === 'number' && Number.isFinite(returned)) {
    const pass = threshold === undefined ? returned > 0 : returned >= threshold;
    const mark = threshold === undefined ? '0' : String(threshold);
    return { pass, score: returned, reason: `The javascript check scored ${returned} (pass mark ${mark})` };
  }
  const object = returnedSchema.safeParse(returned);
  if (object.success) {
    const { pass, score, reason } = object.data;
    return {
      pass,
      score: score ?? (pass ? 1 : 0),
      reason: reason ?? `The javascript check returned pass: ${pass}`,
    };
  }
  return undecided('the javascript check returned neither a boolean, a number nor { pass, score, reason }');
}
