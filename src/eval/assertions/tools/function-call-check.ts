import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided, verdict } from '../assertion-handler.ts';
import type { ToolCall } from './tool-calls.ts';
import { outputJson } from './tool-calls.ts';
import {
  callProblem,
  declarationsFor,
  declaredByAssertion,
  NO_DECLARATIONS,
  type ToolDeclaration,
} from './tool-declarations.ts';

/** How one kind of check finds the calls in an output's JSON; undefined: it holds none of that shape. */
export interface CallShape {
  /** What the output should have been, for the reason: `an OpenAI function call`. */
  expected: string;
  calls(json: unknown): ToolCall[] | undefined;
}

/**
 * A check passing when the output (JSON, whole or embedded) holds calls of the shape, each naming
 * a declared function with arguments that match its parameters' JSON Schema. Declarations come
 * from the assertion (value, config.tools or config.functions), else from the model's config.
 */
export function functionCallCheck(shape: CallShape): CellHandler<ToolDeclaration[] | undefined> {
  return {
    kind: 'cell',
    parse: (assertion: Assertion) => declaredByAssertion(assertion),
    check(own: ToolDeclaration[] | undefined, context: AssertionContext): AssertionOutcome {
      const declarations = declarationsFor(own, context);
      if (declarations === undefined) return undecided(NO_DECLARATIONS);
      const calls = outputJson(context.output)
        .map((json) => shape.calls(json))
        .find((found) => found !== undefined && found.length > 0);
      if (calls === undefined) return verdict(false, `Output is not ${shape.expected}`);
      for (const call of calls) {
        const problem = callProblem(call, declarations);
        if (problem !== undefined) return verdict(false, problem);
      }
      const names = calls.map((call) => call.name).join(', ');
      return verdict(
        true,
        `${calls.length === 1 ? 'The call' : `All ${calls.length} calls`} (${names}) ${calls.length === 1 ? 'matches' : 'match'} the declared functions`,
      );
    },
  };
}
