import { functionCallCheck } from '../tools/function-call-check.ts';

/** The output is OpenAI tool calls (`[{type: "function", function: {name, arguments}}]` or `{tool_calls}`) valid against the declared tools. */
export const isValidOpenaiToolsCall = functionCallCheck({
  expected: 'OpenAI tool calls ([{"type": "function", "function": {"name": ..., "arguments": ...}}])',
  calls(json) {
    const list = Array.isArray(json) ? json : (json as { tool_calls?: unknown } | null)?.tool_calls;
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const calls = list.map(
      (item) => (item as { function?: { name?: unknown; arguments?: unknown } } | null)?.function,
    );
    if (calls.some((call) => typeof call?.name !== 'string' || !('arguments' in call))) return undefined;
    return calls.map((call) => ({ name: call!.name as string, arguments: call!.arguments }));
  },
});
