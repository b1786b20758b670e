import { functionCallCheck } from '../tools/function-call-check.ts';
import { toolCallsIn } from '../tools/tool-calls.ts';

/** The output holds function or tool calls in any provider's shape, each valid against the declared tools. */
export const isValidFunctionCall = functionCallCheck({
  expected: 'a function or tool call (OpenAI, Anthropic or Google shape)',
  calls: (json) => toolCallsIn(json),
});
