import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvTests } from '../../../src/eval/suite/csv-tests.ts';
import type { TestDefinition } from '../../../src/spec/suite.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function read(csv: string): Promise<TestDefinition[]> {
  dir = mkdtempSync(join(tmpdir(), 'plume-csv-'));
  const file = join(dir, 'tests.csv');
  writeFileSync(file, csv);
  const tests: TestDefinition[] = [];
  for await (const test of csvTests(file)) tests.push(test);
  return tests;
}

describe("promptfoo's CSV columns", () => {
  it('reads __prefix, __suffix, __metadata:name[] and __config thresholds onto the checks by place', async () => {
    const [test] = await read(
      'q,__expected,__expected2,__config:__expected2:threshold,__prefix,__suffix,__metadata:tags[]\n' +
        'hi,contains: a,similar: b,0.6,[,],"x, y\\, z"\n',
    );
    expect(test?.options).toEqual({ prefix: '[', suffix: ']' });
    expect(test?.metadata).toEqual({ tags: ['x', 'y, z'] });
    expect(test?.assert).toEqual([
      { type: 'contains', value: 'a' },
      { type: 'similar', value: 'b', threshold: 0.6 },
    ]);
    expect(test?.origin).toBe('data');
  });

  it('refuses a __config column it does not know, at the header line', async () => {
    await expect(read('q,__config:__expected:weight\nhi,2\n')).rejects.toThrow(/only threshold/);
    await expect(read('q,__config:expected\nhi,2\n')).rejects.toThrow(/__config column plume knows/);
    await expect(read('q,__expected,__config:__expected:threshold\nhi,a,high\n')).rejects.toThrow(
      /__threshold 'high' is not a number/,
    );
  });
});
