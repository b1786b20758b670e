import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import type { CellHandler } from '../assertion-handler.ts';
import { compileJsonSchema, type JsonSchemaCheck } from '../json/compile-json-schema.ts';
import { checkJsonOutput } from './is-json.ts';

/** The output is JSON that conforms to the JSON Schema given as the value (required). */
export const jsonSchema: CellHandler<JsonSchemaCheck> = {
  kind: 'cell',
  parse: (assertion: Assertion) => compileJsonSchema(assertion.value, assertion.type),
  check: (schema: JsonSchemaCheck, context: AssertionContext) => checkJsonOutput(context.output, schema),
};
