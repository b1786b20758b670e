import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../../../src/eval/assertions/json/compile-json-schema.ts';

// The JSON-Schema-Test-Suite's draft 2020-12 cases (github.com/json-schema-org/JSON-Schema-Test-Suite
// at 44401e0c, MIT licence in the folder), run through the schema check of is-json, contains-json
// and json-schema. Left out when vendored: refRemote.json and vocabulary.json (their schemas live
// on a server the suite runs; plume fetches nothing) and optional/ (behaviour the draft leaves open).
const FOLDER = join(import.meta.dirname, '../../fixtures/json-schema-test-suite/draft2020-12');

/** Files run, but not to the suite's verdict, and why. */
const SKIPPED: Record<string, string> = {
  // Draft 2020-12 makes `format` an annotation; plume asserts formats, as promptfoo does (ajv-formats).
  'format.json': 'formats are asserted, as in promptfoo',
  // ajv resolves `$dynamicRef` only to a fragment of the same resource, without the dynamic scope;
  // several of the file's schemas also refer to the suite's server.
  'dynamicRef.json': "ajv's $dynamicRef is partial",
};

/** Groups (`file: group`) or cases (`file: group / case`) ajv decides otherwise, and why. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'enum.json: empty enum': 'ajv refuses an empty enum when compiling: a config error in plume',
  'properties.json: properties whose names are Javascript object property names / __proto__ not valid':
    'ajv does not see a `__proto__` key of the data',
  'ref.json: refs with relative uris and defs': 'ajv overflows its stack compiling it: a config error',
  'ref.json: relative refs with absolute uris and defs': 'ajv overflows its stack compiling it',
  'ref.json: URN ref with nested pointer ref': 'ajv overflows its stack compiling it',
  ...Object.fromEntries(
    [
      'unevaluatedItems with nested items',
      'unevaluatedItems with $dynamicRef',
      'unevaluatedItems depends on adjacent contains',
      'unevaluatedItems depends on multiple nested contains',
      'unevaluatedItems and contains interact to control item dependency relationship',
      'unevaluatedItems with minContains = 0',
      'unevaluatedItems can see annotations from if without then and else',
    ].map((group) => [`unevaluatedItems.json: ${group}`, "ajv's unevaluatedItems misses these annotations"]),
  ),
  ...Object.fromEntries(
    [
      'unevaluatedProperties with if/then/else, then not defined',
      'unevaluatedProperties with $dynamicRef',
      'unevaluatedProperties can see annotations from if without then and else',
    ].map((group) => [
      `unevaluatedProperties.json: ${group}`,
      "ajv's unevaluatedProperties misses these annotations",
    ]),
  ),
};

interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: { description: string; data: unknown; valid: boolean }[];
}

const files = readdirSync(FOLDER).filter((name) => name.endsWith('.json'));

describe('JSON-Schema-Test-Suite, draft 2020-12', () => {
  it('has the vendored files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const file of files.filter((name) => SKIPPED[name] === undefined)) {
    it(file, () => {
      const groups = JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as SuiteGroup[];
      const wrong: string[] = [];
      for (const group of groups) {
        if (KNOWN_DIFFERENCES[`${file}: ${group.description}`] !== undefined) continue;
        const check = compileJsonSchema(group.schema, 'json-schema');
        for (const test of group.tests) {
          const name = `${group.description} / ${test.description}`;
          if (KNOWN_DIFFERENCES[`${file}: ${name}`] !== undefined) continue;
          const valid = check(test.data).length === 0;
          if (valid !== test.valid) wrong.push(`${name}: expected ${test.valid ? 'valid' : 'invalid'}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
