import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, verdict } from '../assertion-handler.ts';
import { compileJsonSchema, type JsonSchemaCheck } from '../json/compile-json-schema.ts';
import { extractJsonValues } from '../json/extract-json-values.ts';

/** Some JSON object or array appears in the output (in prose or a code fence), matching the schema if given. */
export const containsJson: CellHandler<JsonSchemaCheck | undefined> = {
  kind: 'cell',
  parse: (assertion: Assertion) =>
    assertion.value === undefined ? undefined : compileJsonSchema(assertion.value, assertion.type),
  check(schema: JsonSchemaCheck | undefined, context: AssertionContext) {
    const values = extractJsonValues(context.output);
    if (values.length === 0) return verdict(false, 'Output contains no JSON object or array');
    if (!schema) return verdict(true, `Output contains ${values.length} JSON value(s)`);
    let firstProblems: string[] = [];
    for (const value of values) {
      const problems = schema(value);
      if (problems.length === 0) return verdict(true, 'Output contains JSON that matches the schema');
      if (firstProblems.length === 0) firstProblems = problems;
    }
    return verdict(false, `No JSON in the output matches the schema: ${firstProblems.join('; ')}`);
  },
};
