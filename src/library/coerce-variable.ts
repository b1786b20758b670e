import { safeJsonParse } from '../util/safe-json.ts';

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

/**
 * A variable given as text (`--var count=3`) read as the type its input schema field says: "false"
 * a boolean, "3" a number, `[1,2]` or `{"a":1}` JSON, "null" null where the field allows it. Text
 * that reads as none of the field's types stays text, for the schema check to report. A field
 * that allows strings, or that the schema does not describe, keeps the text as it is.
 */
export function coerceVariable(text: string, field: unknown): unknown {
  const types = fieldTypes(field);
  if (types.length === 0 || types.includes('string')) return text;
  for (const type of types) {
    const value = readAs(text, type);
    if (value !== NO_VALUE) return value;
  }
  return text;
}

/** The text variables of a prompt read by its input schema's top-level fields; the others kept as they are. */
export function coerceVariables(
  variables: Record<string, string>,
  inputSchema: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const properties = inputSchema?.properties as Record<string, unknown> | undefined;
  if (properties === undefined) return variables;
  const additional = inputSchema?.additionalProperties;
  return Object.fromEntries(
    Object.entries(variables).map(([name, text]) => [
      name,
      coerceVariable(text, Object.hasOwn(properties, name) ? properties[name] : additional),
    ]),
  );
}

const NO_VALUE = Symbol('no value');

function readAs(text: string, type: string): unknown {
  switch (type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : NO_VALUE;
    case 'integer':
      return INTEGER.test(text.trim()) ? Number(text) : NO_VALUE;
    case 'number':
      return NUMBER.test(text.trim()) ? Number(text) : NO_VALUE;
    case 'null':
      return text === 'null' ? null : NO_VALUE;
    case 'object':
    case 'array':
    case 'json': {
      const parsed = safeJsonParse(text);
      if (!parsed.ok) return NO_VALUE;
      const kind = Array.isArray(parsed.value)
        ? 'array'
        : typeof parsed.value === 'object'
          ? 'object'
          : 'json';
      return type === 'json' || kind === type ? parsed.value : NO_VALUE;
    }
    default:
      return NO_VALUE;
  }
}

// A field's types in the order written; an enum without a type is read as JSON unless it holds text.
function fieldTypes(field: unknown): string[] {
  if (field === null || typeof field !== 'object') return [];
  const { type, enum: values } = field as { type?: unknown; enum?: unknown };
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === 'string');
  if (Array.isArray(values)) return values.some((value) => typeof value === 'string') ? ['string'] : ['json'];
  return [];
}
