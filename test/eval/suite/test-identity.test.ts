import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finalizeTest } from '../../../src/eval/suite/finalize-test.ts';
import { collectTests, iterateTests } from '../../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import type { DefaultTest, Suite, SuiteAssertion, TestDefinition } from '../../../src/spec/suite.ts';
import { hashValue } from '../../../src/util/hash.ts';

const HEADER = 'city,country,__expected';
const ROWS = ['Paris,France,contains: Paris', 'Lyon,France,contains: Lyon', 'Rome,Italy,contains: Rome'];

describe('test ids and hashes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plume-suite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function load(
    rows: string[],
    suiteText = 'prompts: [capital]\ntests: file://rows.csv\n',
  ): Promise<Suite> {
    writeFileSync(join(dir, 'rows.csv'), `${[HEADER, ...rows].join('\n')}\n`);
    writeFileSync(join(dir, 'suite.yaml'), suiteText);
    return loadSuite(join(dir, 'suite.yaml'));
  }

  async function idsByCity(suite: Suite): Promise<Record<string, string>> {
    const tests = await collectTests(suite);
    return Object.fromEntries(tests.map((test) => [String(test.vars.city), test.id]));
  }

  it('keeps every id when rows are reordered, while the data hash sees the new order', async () => {
    const before = await load(ROWS);
    const idsBefore = await idsByCity(before);
    const after = await load([...ROWS].reverse());
    expect(await idsByCity(after)).toEqual(idsBefore);
    expect(after.dataHash).not.toBe(before.dataHash);
  });

  it('changes the id of the test whose var changed, and only that one', async () => {
    const before = await idsByCity(await load(ROWS));
    const after = await idsByCity(await load([ROWS[0]!, 'Lyon,Frankreich,contains: Lyon', ROWS[2]!]));
    expect(after.Lyon).not.toBe(before.Lyon);
    expect(after.Paris).toBe(before.Paris);
    expect(after.Rome).toBe(before.Rome);
  });

  it('changes ids when defaultTest changes what every test checks', async () => {
    const plain = await idsByCity(await load(ROWS));
    const withDefault =
      'prompts: [capital]\ndefaultTest:\n  assert:\n    - type: is-json\ntests: file://rows.csv\n';
    expect((await idsByCity(await load(ROWS, withDefault))).Paris).not.toBe(plain.Paris);
  });

  it('numbers identical tests so every id is unique, and warns', async () => {
    const suite = await load([ROWS[0]!, ROWS[1]!, ROWS[0]!, ROWS[0]!]);
    const ids = (await collectTests(suite)).map((test) => test.id);
    expect(ids[2]).toBe(`${ids[0]}-2`);
    expect(ids[3]).toBe(`${ids[0]}-3`);
    expect(new Set(ids).size).toBe(4);
    expect(suite.duplicateIds).toEqual([ids[0]]);
    expect(suite.warnings[0]).toMatch(/rows\.csv:4: this test is identical to an earlier one/);
  });

  it('gives the same suite hash on another machine path, and a new one when results could differ', async () => {
    const suiteText = 'prompts: [capital, file://p.prompt]\ntests: file://rows.csv\n';
    writeFileSync(join(dir, 'p.prompt'), 'Capital of {{country}}?\n');
    const first = await load(ROWS, suiteText);
    const moved = mkdtempSync(join(tmpdir(), 'plume-suite-moved-'));
    try {
      cpSync(dir, moved, { recursive: true });
      expect((await loadSuite(join(moved, 'suite.yaml'))).suiteHash).toBe(first.suiteHash);
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }
    expect((await load(ROWS, `${suiteText}concurrency: 8\n`)).suiteHash).toBe(first.suiteHash);
    expect((await load(ROWS, `${suiteText}repeats: 2\n`)).suiteHash).not.toBe(first.suiteHash);
    expect((await load(ROWS.slice(1), suiteText)).suiteHash).not.toBe(first.suiteHash);
  });

  it('refuses to stream a file that changed after the suite was loaded', async () => {
    const suite = await load(ROWS);
    writeFileSync(join(dir, 'rows.csv'), `${[HEADER, ...ROWS.slice(0, 2), 'Roma,Italy,Rome'].join('\n')}\n`);
    const read = async () => {
      for await (const _test of iterateTests(suite)) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow(/rows\.csv changed since the suite was loaded/);
  });

  it('runs the defaultTest alone when a suite has no tests, as promptfoo does', async () => {
    writeFileSync(join(dir, 'suite.yaml'), 'prompts: [capital]\ndefaultTest:\n  vars:\n    city: Paris\n');
    const suite = await loadSuite(join(dir, 'suite.yaml'));
    expect(suite.testCount).toBe(1);
    expect((await collectTests(suite))[0]?.vars).toEqual({ city: 'Paris' });
  });
});

describe('finalizeTest', () => {
  const base = { options: {}, threshold: undefined, metadata: {}, file: 'suite.yaml', line: undefined };
  const defaults: DefaultTest = {
    ...base,
    vars: { tone: 'dry', nested: { b: [1, { z: null, a: 'x' }] } },
    assert: [
      { type: 'contains', value: 'echo' } as SuiteAssertion,
      { type: 'character-count', value: { max: 200, min: 1 }, weight: 2 } as SuiteAssertion,
    ],
  };

  it('gives the hash of what the test asks as its id, with the defaultTest checks written once per suite', () => {
    const definitions: TestDefinition[] = [
      { ...base, description: undefined, vars: { name: 'a' }, assert: [] },
      { ...base, description: 'with "quotes"\nand a line', vars: { name: 'b', tone: 'warm' }, assert: [] },
      {
        ...base,
        description: undefined,
        vars: { name: 'c', when: new Date(0) },
        assert: [{ type: 'regex', value: '^e', metric: 'form' } as SuiteAssertion],
      },
    ];
    for (let round = 0; round < 2; round++) {
      for (const definition of definitions) {
        const finalized = finalizeTest(definition, defaults);
        // The definition of a test id: the stable JSON hash of what the test asks.
        const asked = {
          vars: { ...defaults.vars, ...definition.vars },
          assert: [...defaults.assert, ...definition.assert],
          description: definition.description,
        };
        expect(finalized.id).toBe(hashValue(asked).slice(0, 16));
      }
    }
  });
});
