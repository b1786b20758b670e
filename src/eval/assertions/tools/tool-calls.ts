import { safeJsonParse } from '../../../util/safe-json.ts';
import { extractJsonValues } from '../json/extract-json-values.ts';

/** One call of a function or tool the model asked for, its arguments as written (JSON text or a value). */
export interface ToolCall {
  name: string;
  arguments: unknown;
}

/** The output's JSON: the whole output, else the values embedded in it (code fences, prose). */
export function outputJson(output: string): unknown[] {
  const whole = safeJsonParse(output.trim());
  return whole.ok ? [whole.value] : extractJsonValues(output);
}

/**
 * Tool calls in any provider's shape: OpenAI (`{tool_calls: [{function: {name, arguments}}]}`,
 * a list of them, `{function_call}`, a bare `{name, arguments}`, Responses' `function_call`
 * items), Anthropic (`tool_use` blocks, `{content: [...]}`), Google (`functionCall`,
 * `{toolCall: {functionCalls}}`).
 */
export function toolCallsIn(value: unknown, depth = 0): ToolCall[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item) => toolCallsIn(item, depth + 1));
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.tool_calls)) return toolCallsIn(record.tool_calls, depth + 1);
  if (isObject(record.function_call)) return toolCallsIn(record.function_call, depth + 1);
  if (isObject(record.function)) return toolCallsIn(record.function, depth + 1);
  if (isObject(record.functionCall)) {
    const call = record.functionCall;
    return typeof call.name === 'string' ? [{ name: call.name, arguments: call.args ?? {} }] : [];
  }
  if (isObject(record.toolCall) && Array.isArray(record.toolCall.functionCalls))
    return toolCallsIn(
      record.toolCall.functionCalls.map((call) => ({ functionCall: call })),
      depth + 1,
    );
  if (Array.isArray(record.content)) return toolCallsIn(record.content, depth + 1);
  if (typeof record.name !== 'string') return [];
  if (record.type === 'tool_use') return [{ name: record.name, arguments: record.input ?? {} }];
  if ('arguments' in record) return [{ name: record.name, arguments: record.arguments }];
  if ('args' in record) return [{ name: record.name, arguments: record.args }];
  return record.type === undefined || record.type === 'function'
    ? [{ name: record.name, arguments: {} }]
    : [];
}

/** The calls' arguments as a value: JSON text parsed, a value as it is. */
export function argumentsOf(call: ToolCall): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof call.arguments !== 'string') return { ok: true, value: call.arguments };
  const parsed = safeJsonParse(call.arguments);
  return parsed.ok ? parsed : { ok: false, error: `its arguments are not JSON: ${parsed.error}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
