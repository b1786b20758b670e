// Check results as a cell's row stores them: the short form written now, the full form of rows
// written before it, and the SQL that reads either.
import { describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../src/spec/assertion.ts';
import type { CellRecord, RunManifest } from '../../src/spec/run.ts';
import { openDatabase } from '../../src/store/database.ts';
import { matrixFilter } from '../../src/store/matrix-filter.ts';
import { decodeChecks, encodeChecks } from '../../src/store/run-cell-row.ts';
import { RunQueries } from '../../src/store/run-queries.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { blankCell } from '../helpers/cell-record.ts';

const passed = (type: AssertionResult['type'], reason: string): AssertionResult => ({
  type,
  pass: true,
  score: 1,
  reason,
  weight: 1,
});

const CHECKS: AssertionResult[] = [
  passed('contains', 'Output contains "echo"'),
  { type: 'similar', pass: false, score: 0.42, reason: 'cosine 0.42 < 0.8', weight: 2, metric: 'closeness' },
  { type: 'llm-rubric', pass: false, score: 0, reason: 'the judge gave no verdict', weight: 1, error: true },
  {
    type: 'assert-set',
    pass: false,
    score: 0.5,
    reason: '1 of 2 checks passed',
    weight: 0.5,
    metric: 'tone',
    children: [
      passed('icontains', 'Output contains "hello"'),
      { ...passed('regex', 'no match'), pass: false, score: 0 },
    ],
  },
];

/** A check result with random fields, groups included, for the round trip. */
function randomCheck(random: () => number, depth = 0): AssertionResult {
  const pass = random() < 0.5;
  const result: AssertionResult = {
    type: depth === 0 && random() < 0.2 ? 'assert-set' : 'equals',
    pass,
    score: random() < 0.5 ? (pass ? 1 : 0) : Math.round(random() * 1000) / 1000,
    reason: `reason ${Math.floor(random() * 100)} ≤ “quoted”`,
    weight: random() < 0.7 ? 1 : Math.round(random() * 30) / 10,
  };
  if (random() < 0.3) result.metric = `metric-${Math.floor(random() * 3)}`;
  if (random() < 0.1) result.error = true;
  if (result.type === 'assert-set') {
    result.children = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomCheck(random, 1));
  }
  return result;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

describe('stored check results', () => {
  it('read back as they were written, groups included', () => {
    expect(decodeChecks(encodeChecks(CHECKS))).toEqual(CHECKS);
    const random = seeded(7);
    for (let round = 0; round < 500; round++) {
      const checks = Array.from({ length: Math.floor(random() * 5) }, () => randomCheck(random));
      expect(decodeChecks(encodeChecks(checks))).toEqual(checks);
    }
  });

  it('take under two thirds of the bytes of the full form for plain checks', () => {
    const plain = [
      passed('contains', 'Output contains "echo"'),
      passed('regex', 'Output matches /^echo: /'),
      passed('character-count', 'Output has 26 characters (≤ 200)'),
    ];
    expect(encodeChecks(plain).length).toBeLessThan(JSON.stringify(plain).length * 0.65);
  });

  it('read rows written in the full form as they are', () => {
    expect(decodeChecks(JSON.stringify(CHECKS))).toEqual(CHECKS);
    expect(decodeChecks('not json')).toEqual([]);
  });

  it('are found by failing check and counted by name in SQL, in either form', () => {
    const db = openDatabase(':memory:');
    const runs = new RunStore(db);
    runs.createRun('r', { prompts: [], models: [], repeats: 1 } as unknown as RunManifest);
    const cell = (testIndex: number): CellRecord =>
      blankCell({
        key: String(testIndex),
        testIndex,
        testId: `t${testIndex}`,
        output: 'answer',
        pass: false,
        score: 0.5,
        assertions: CHECKS,
      });
    runs.writeCells('r', [cell(0), cell(1)]);
    // Test 1's row as a store before the short form holds it.
    db.prepare("UPDATE run_cells SET assertions = ? WHERE cell_key = '1'").run(JSON.stringify(CHECKS));
    const failingRows = (name: string) => {
      const { where, parameters } = matrixFilter('r', { offset: 0, limit: 10, failing: name });
      return db
        .prepare(`SELECT test_index FROM run_cells WHERE ${where} ORDER BY test_index`)
        .pluck()
        .all(...parameters);
    };
    // A group's metric names the group; its failing regex is found inside it.
    for (const name of ['closeness', 'llm-rubric', 'tone', 'regex'])
      expect(failingRows(name)).toEqual([0, 1]);
    expect(failingRows('contains')).toEqual([]);
    expect(new RunQueries(db).checkNames('r')).toEqual([
      { name: 'closeness', failures: 2 },
      { name: 'contains', failures: 0 },
      { name: 'icontains', failures: 0 },
      { name: 'llm-rubric', failures: 2 },
      { name: 'regex', failures: 2 },
      { name: 'tone', failures: 2 },
    ]);
    expect([...runs.iterateCells('r')].map((stored) => stored.assertions)).toEqual([CHECKS, CHECKS]);
    db.close();
  });
});
