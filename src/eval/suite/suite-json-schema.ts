import { z } from 'zod';
import {
  suiteAssertionSchema,
  suiteFileSchema,
  suiteModelSchema,
  suitePromptSchema,
  testCaseSchema,
} from '../../spec/suite.ts';

/** Where the generated JSON Schema of suite files is committed, relative to the repository root. */
export const SUITE_SCHEMA_PATH = 'schema/suite.schema.json';

/** The JSON Schema of suite files, for editors, as the text committed in schema/suite.schema.json. */
export function suiteJsonSchema(): string {
  // Named definitions make the schema readable; a local registry keeps the ids out of zod's global one.
  const names = z.registry<{ id: string }>();
  names.add(suiteModelSchema, { id: 'model' });
  names.add(suitePromptSchema, { id: 'prompt' });
  names.add(testCaseSchema, { id: 'testCase' });
  names.add(suiteAssertionSchema, { id: 'assertion' });
  const schema = z.toJSONSchema(suiteFileSchema, {
    io: 'input',
    target: 'draft-2020-12',
    metadata: names,
  });
  const document = {
    ...schema,
    title: 'plume evaluation suite',
    description: 'Prompts x models x tests, with assertions (promptfoo field names).',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
