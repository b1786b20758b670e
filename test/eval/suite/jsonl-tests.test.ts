import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonlTests } from '../../../src/eval/suite/jsonl-tests.ts';
import { testDefinition } from '../../../src/eval/suite/test-definition.ts';
import { testCaseSchema } from '../../../src/spec/suite.ts';

describe('jsonlTests', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plume-jsonl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every line as the test case schema would, lines of plain vars included', async () => {
    const values = [
      { vars: { city: 'Paris', nested: { list: [1, 2], none: null } } },
      { vars: {}, description: 'empty vars' },
      { description: 'no vars' },
      { vars: { city: 'Rome' }, assert: [{ type: 'contains', value: 'Rome' }], threshold: 0.5 },
      { vars: { city: 'Oslo' }, metadata: { source: 'atlas' } },
    ];
    const file = join(dir, 'cases.jsonl');
    writeFileSync(file, `${values.map((value) => JSON.stringify(value)).join('\n')}\n`);
    const read = [];
    for await (const definition of jsonlTests(file)) read.push(definition);
    expect(read).toEqual(
      values.map((value, index) => testDefinition(testCaseSchema.parse(value), file, index + 1)),
    );
  });

  it('still checks what plain vars cannot be: a description that is not text, vars that are a list', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"vars": {"a": 1}}\n{"vars": [1, 2]}\n');
    await expect(async () => {
      for await (const _ of jsonlTests(file)) {
        // read on
      }
    }).rejects.toThrow(/vars/);
    writeFileSync(file, '{"vars": {"a": 1}, "description": 3}\n');
    await expect(async () => {
      for await (const _ of jsonlTests(file)) {
        // read on
      }
    }).rejects.toThrow(/description/);
  });
});
