import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonlTestBatches } from '../../../src/eval/suite/jsonl-tests.ts';
import { testDefinition } from '../../../src/eval/suite/test-definition.ts';
import { testCaseSchema } from '../../../src/spec/suite.ts';

// The tests of a JSONL file one at a time, as its batches hold them.
async function* jsonlTests(file: string) {
  for await (const batch of jsonlTestBatches(file)) yield* batch;
}

describe('jsonlTestBatches', () => {
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
      values.map((value, index) => testDefinition(testCaseSchema.parse(value), file, index + 1, 'data')),
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

  it('numbers lines as readline does, across chunks: \\n, \\r\\n split between chunks, a lone \\r, no final newline', async () => {
    // Lines of varied length, so that some \r\n pairs straddle the reader's 64 KiB chunks.
    const endings = ['\n', '\r\n', '\r\n', '\r', '\n\n', '\r\n\r\n'];
    let text = '\uFEFF';
    for (let index = 0; index < 6000; index++) {
      text +=
        JSON.stringify({ vars: { index, pad: 'x'.repeat(index % 37) } }) + endings[index % endings.length];
    }
    text += JSON.stringify({ vars: { index: 'last' } });
    const file = join(dir, 'endings.jsonl');
    writeFileSync(file, text);
    // readline, which read these files before, as the oracle for line numbers.
    const expected: { line: number; index: unknown }[] = [];
    let number = 0;
    for await (const line of createInterface({
      input: createReadStream(file, 'utf8'),
      crlfDelay: Infinity,
    })) {
      number += 1;
      const trimmed = line.replace(/^\uFEFF/, '').trim();
      if (trimmed !== '') expected.push({ line: number, index: JSON.parse(trimmed).vars.index });
    }
    const read: { line: number | undefined; index: unknown }[] = [];
    let batches = 0;
    for await (const batch of jsonlTestBatches(file)) {
      batches += 1;
      expect(batch.length).toBeGreaterThan(0);
      for (const definition of batch) read.push({ line: definition.line, index: definition.vars.index });
    }
    expect(read).toEqual(expected);
    expect(read).toHaveLength(6001);
    expect(batches).toBeGreaterThan(3);
  });

  it('says which line is not JSON, past the first chunk', async () => {
    const file = join(dir, 'broken.jsonl');
    const good = `${JSON.stringify({ vars: { text: 'y'.repeat(100) } })}\r\n`;
    writeFileSync(file, `${good.repeat(2000)}{"vars": \r\n${good}`);
    await expect(async () => {
      for await (const _ of jsonlTests(file)) {
        // read on
      }
    }).rejects.toThrow(/line 2001 is not valid JSON/);
  });
});
