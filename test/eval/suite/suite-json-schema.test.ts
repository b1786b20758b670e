import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITE_SCHEMA_PATH, suiteJsonSchema } from '../../../src/eval/suite/suite-json-schema.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

describe('the JSON Schema of suite files', () => {
  it('is committed up to date (run node scripts/generate-schema.ts after changing src/spec/suite.ts)', () => {
    expect(readFileSync(resolve(REPO_ROOT, SUITE_SCHEMA_PATH), 'utf8')).toBe(suiteJsonSchema());
  });

  it('describes the promptfoo field names, strictly', () => {
    const schema = JSON.parse(suiteJsonSchema()) as { properties: object; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'prompts',
        'providers',
        'models',
        'defaultTest',
        'tests',
        'repeats',
        'allowCode',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
