import { functionCallCheck } from '../tools/function-call-check.ts';

/** The output is an OpenAI function call (`{name, arguments}` or `{function_call: ...}`) valid against the declared functions. */
export const isValidOpenaiFunctionCall = functionCallCheck({
  expected: 'an OpenAI function call ({"name": ..., "arguments": ...})',
  calls(json) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
    const record = json as Record<string, unknown>;
    const call = (record.function_call ?? record) as Record<string, unknown>;
    if (typeof call !== 'object' || call === null || typeof call.name !== 'string' || !('arguments' in call))
      return undefined;
    return [{ name: call.name, arguments: call.arguments }];
  },
});
