import type { Assertion } from '../../../spec/assertion.ts';
import { type PythonCall, runPython } from '../../code/python-process.ts';
import { USER_CODE_LIMITS } from '../../code/user-code-sandbox.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { codeFailure, interpret, PYTHON_NOT_ALLOWED } from '../code-result.ts';
import { parseCodeValue } from '../code-value.ts';
import { userCodeContext } from '../user-code.ts';

interface PythonConfig {
  call: PythonCall;
  threshold: number | undefined;
}

/**
 * Suite Python 3 (inline: an expression, or a body that returns; or `file://check.py[:function]`,
 * `get_assert(output, context)` by default) returning a boolean, a score or a dict
 * `{pass, score, reason}`. Runs in a python3 process of its own, only when the suite allows code.
 */
export const python: CellHandler<PythonConfig> = {
  kind: 'cell',
  needsCode: true,
  parse(assertion: Assertion) {
    const value = parseCodeValue(assertion, 'Python');
    const call: PythonCall =
      value.kind === 'inline'
        ? { code: value.code, file: undefined, function: undefined }
        : { code: value.code, file: value.file, function: value.function };
    return { call, threshold: assertion.threshold };
  },
  async check(config: PythonConfig, context: AssertionContext): Promise<AssertionOutcome> {
    if (!context.allowCode) return undecided(PYTHON_NOT_ALLOWED);
    const result = await runPython(config.call, context.output, userCodeContext(context), USER_CODE_LIMITS);
    if (!result.ok) return codeFailure('python', result);
    return interpret(result.value, config.threshold, 'python');
  },
};
