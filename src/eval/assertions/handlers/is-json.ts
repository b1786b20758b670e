import type { Assertion } from '../../../spec/assertion.ts';
import { safeJsonParse } from '../../../util/safe-json.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, verdict } from '../assertion-handler.ts';
import { compileJsonSchema, type JsonSchemaCheck } from '../json/compile-json-schema.ts';

/** The whole output parses as JSON and, when the value is a JSON Schema, conforms to it. */
export const isJson: CellHandler<JsonSchemaCheck | undefined> = {
  kind: 'cell',
  parse: (assertion: Assertion) =>
    assertion.value === undefined ? undefined : compileJsonSchema(assertion.value, assertion.type),
  check: (schema: JsonSchemaCheck | undefined, context: AssertionContext) =>
    checkJsonOutput(context.output, schema),
};

/** Parse an output as JSON and check it against a compiled schema. */
export function checkJsonOutput(output: string, schema: JsonSchemaCheck | undefined): AssertionOutcome {
  const parsed = safeJsonParse(output.trim());
  if (!parsed.ok) return verdict(false, `Output is not valid JSON: ${parsed.error}`);
  if (!schema) return verdict(true, 'Output is valid JSON');
  const problems = schema(parsed.value);
  return problems.length === 0
    ? verdict(true, 'Output is JSON that matches the schema')
    : verdict(false, `Output JSON does not match the schema: ${problems.join('; ')}`);
}
