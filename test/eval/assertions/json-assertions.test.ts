import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { extractJsonValues } from '../../../src/eval/assertions/json/extract-json-values.ts';
import { check } from './cell-context.ts';

const personSchema = {
  type: 'object',
  required: ['name', 'age'],
  properties: {
    name: { type: 'string', minLength: 2 },
    age: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
};

describe('is-json', () => {
  it('passes on a whole JSON output and fails on prose', async () => {
    expect((await check({ type: 'is-json' }, ' {"a": 1} ')).pass).toBe(true);
    expect((await check({ type: 'is-json' }, '[1, 2]')).pass).toBe(true);
    const prose = await check({ type: 'is-json' }, 'Here: {"a": 1}');
    expect(prose.pass).toBe(false);
    expect(prose.reason).toMatch(/^Output is not valid JSON/);
    expect((await check({ type: 'not-is-json' }, 'plain words')).pass).toBe(true);
  });

  it('checks the schema given as its value', async () => {
    expect((await check({ type: 'is-json', value: personSchema }, '{"name":"Ada","age":36}')).pass).toBe(
      true,
    );
    expect((await check({ type: 'is-json', value: personSchema }, '{"name":"Ada"}')).pass).toBe(false);
  });
});

describe('json-schema', () => {
  it('passes a conforming output', async () => {
    expect((await check({ type: 'json-schema', value: personSchema }, '{"name":"Ada","age":36}')).pass).toBe(
      true,
    );
  });

  it('names each problem with its JSON path', async () => {
    const result = await check({ type: 'json-schema', value: personSchema }, '{"name":"A","age":-1.5,"x":0}');
    expect(result.pass).toBe(false);
    expect(result.reason).toContain('/name:');
    expect(result.reason).toContain('/age:');
    expect(result.reason).toContain('(root): must NOT have additional properties ("x")');
  });

  it('reports a missing required field', async () => {
    const result = await check({ type: 'json-schema', value: personSchema }, '{"name":"Ada"}');
    expect(result.reason).toContain('/age:');
  });

  it('requires a schema, and refuses a schema ajv cannot compile, at compile time', () => {
    expect(() => compileAssertions([{ type: 'json-schema' }])).toThrow(/needs a JSON Schema/);
    expect(() => compileAssertions([{ type: 'json-schema', value: { type: 'strnig' } }])).toThrow(
      /cannot be used/,
    );
    // Nothing is fetched: a reference outside the schema does not compile.
    const remote = { $ref: 'https://example.com/schema.json' };
    expect(() => compileAssertions([{ type: 'json-schema', value: remote }])).toThrow(
      /can't resolve reference/,
    );
    const draft4 = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' };
    expect(() => compileAssertions([{ type: 'json-schema', value: draft4 }])).toThrow(/names a draft/);
  });

  it('enforces a required name that is not under properties', async () => {
    const schema = { type: 'object', required: ['b'] };
    expect((await check({ type: 'json-schema', value: schema }, '{"a": 1}')).pass).toBe(false);
    expect((await check({ type: 'is-json', value: schema }, '{"a": 1}')).reason).toContain('/b: is required');
    expect((await check({ type: 'contains-json', value: schema }, 'x {"a": 1} y')).pass).toBe(false);
    expect((await check({ type: 'json-schema', value: schema }, '{"b": null}')).pass).toBe(true);
  });

  it('enforces conditionals, formats and draft-07 tuples', async () => {
    // Parsed from text: an object literal with a `then` key would look like a promise.
    const conditional: unknown = JSON.parse('{"if": {"type": "string"}, "then": {"minLength": 2}}');
    expect((await check({ type: 'json-schema', value: conditional }, '"a"')).pass).toBe(false);
    expect((await check({ type: 'json-schema', value: conditional }, '1')).pass).toBe(true);
    const email = { type: 'string', format: 'email' };
    expect((await check({ type: 'json-schema', value: email }, '"not an address"')).pass).toBe(false);
    expect((await check({ type: 'json-schema', value: email }, '"ada@example.com"')).pass).toBe(true);
    const tuple = { type: 'array', items: [{ type: 'string' }, { type: 'number' }] };
    expect((await check({ type: 'json-schema', value: tuple }, '["a", 1]')).pass).toBe(true);
    expect((await check({ type: 'json-schema', value: tuple }, '[1, "a"]')).pass).toBe(false);
  });

  it('reads a schema written as a JSON or YAML string', async () => {
    const yaml = 'type: object\nrequired: [b]\n';
    expect((await check({ type: 'json-schema', value: yaml }, '{"a": 1}')).pass).toBe(false);
    expect((await check({ type: 'is-json', value: '{"type": "array"}' }, '[1]')).pass).toBe(true);
    expect(() => compileAssertions([{ type: 'json-schema', value: 'just words' }])).toThrow(/JSON Schema/);
  });

  it('bounds the schema it compiles', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 40; level++) deep = { type: 'object', properties: { a: deep } };
    expect(() => compileAssertions([{ type: 'json-schema', value: deep }])).toThrow(/deeper than/);
  });

  it('compiles two schemas sharing an $id', async () => {
    const first = { $id: 'https://example.com/person', type: 'string' };
    const second = { $id: 'https://example.com/person', type: 'number' };
    expect((await check({ type: 'json-schema', value: first }, '"a"')).pass).toBe(true);
    expect((await check({ type: 'json-schema', value: second }, '"a"')).pass).toBe(false);
  });
});

describe('contains-json', () => {
  it('finds JSON inside prose and code fences', async () => {
    const output = 'Sure! Here it is:\n```json\n{"name": "Ada", "age": 36}\n```\nAnything else?';
    expect((await check({ type: 'contains-json' }, output)).pass).toBe(true);
    expect((await check({ type: 'contains-json', value: personSchema }, output)).pass).toBe(true);
    expect((await check({ type: 'contains-json' }, 'no braces {here')).pass).toBe(false);
  });

  it('fails when no embedded JSON matches the schema', async () => {
    const result = await check({ type: 'contains-json', value: personSchema }, 'a {"name": "Ada"} b [1]');
    expect(result.pass).toBe(false);
    expect(result.reason).toContain('/age:');
  });

  it('extracts top-level values, skipping brackets inside strings', () => {
    expect(extractJsonValues('x {"a": "}{"} y [1, {"b": 2}] z {bad}')).toEqual([{ a: '}{' }, [1, { b: 2 }]]);
  });
});
