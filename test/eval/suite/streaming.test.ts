import { appendFileSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateTests } from '../../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import type { Suite } from '../../../src/spec/suite.ts';
import { isPlumeError } from '../../../src/util/errors.ts';

const ROWS = 100_000;

async function writeRows(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let row = 0; row < ROWS; row++) {
    const line = `{"vars": {"n": ${row}, "text": "row ${row}"}, "assert": [{"type": "contains", "value": "${row}"}]}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

describe('a 100,000-row JSONL suite', () => {
  let dir: string;
  let suite: Suite;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plume-stream-'));
    await writeRows(join(dir, 'rows.jsonl'));
    writeFileSync(
      join(dir, 'suite.yaml'),
      'prompts: [echo-me]\ndefaultTest:\n  vars: { lang: en }\ntests: file://rows.jsonl\n',
    );
    suite = await loadSuite(join(dir, 'suite.yaml'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is counted and hashed at load, without holding its tests', () => {
    expect(suite.testCount).toBe(ROWS);
    expect(suite.sources).toEqual([
      {
        kind: 'stream',
        format: 'jsonl',
        file: join(dir, 'rows.jsonl'),
        count: ROWS,
        hash: expect.any(String),
      },
    ]);
    expect(suite.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('streams its tests in order with defaultTest merged in', async () => {
    let count = 0;
    for await (const test of iterateTests(suite)) {
      if (test.vars.n !== count || test.vars.lang !== 'en' || test.line !== count + 1) {
        throw new Error(`row ${count} came out as ${JSON.stringify(test)}`);
      }
      count += 1;
    }
    expect(count).toBe(ROWS);
  });

  it('yields rows before the end of the file is read', async () => {
    // A broken last line proves the rows came out while the file was still being read: a reader
    // that built an array first would throw before yielding anything.
    appendFileSync(join(dir, 'rows.jsonl'), '{"vars": oops}\n');
    let yielded = 0;
    let failure: unknown;
    try {
      for await (const _test of iterateTests(suite)) yielded += 1;
    } catch (error) {
      failure = error;
    }
    expect(yielded).toBe(ROWS);
    expect(isPlumeError(failure) && failure.location).toEqual({
      file: join(dir, 'rows.jsonl'),
      line: ROWS + 1,
    });
  });
});
