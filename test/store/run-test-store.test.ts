import { describe, expect, it } from 'vitest';
import type { CellRecord, RunManifest } from '../../src/spec/run.ts';
import { openDatabase } from '../../src/store/database.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { blankCell } from '../helpers/cell-record.ts';

const MANIFEST = { prompts: [], models: [], repeats: 1, selection: {} } as unknown as RunManifest;

describe('RunTestStore', () => {
  it("keeps a run's tests once each (a resume plans them again), with their variables", () => {
    const runs = new RunStore(openDatabase(':memory:'));
    runs.createRun('r', MANIFEST);
    runs.tests.record('r', [
      { index: 0, id: 't0', vars: { lang: 'fr', level: 'B1' } },
      { index: 1, id: 't1', vars: { lang: 'en' } },
    ]);
    runs.tests.record('r', [{ index: 0, id: 't0', vars: { lang: 'changed' } }]);
    expect(runs.tests.count('r')).toBe(2);
    expect(runs.tests.variables('r')).toEqual([
      { name: 'lang', tests: 2 },
      { name: 'level', tests: 1 },
    ]);
    expect([...runs.tests.iterate('r')].map((test) => test.vars.lang)).toEqual(['fr', 'en']);
    expect(runs.tests.count('other')).toBe(0);
  });
});

describe('RunMetricScores', () => {
  it("gives each cell's weighted mean per metric name, at any depth, without undecided checks", () => {
    const runs = new RunStore(openDatabase(':memory:'));
    runs.createRun('r', MANIFEST);
    const check = (metric: string | undefined, score: number, extra: object = {}) => ({
      type: 'contains' as const,
      pass: score === 1,
      score,
      reason: '',
      weight: 1,
      ...(metric === undefined ? {} : { metric }),
      ...extra,
    });
    const cells: CellRecord[] = [
      blankCell({
        key: 'a',
        testIndex: 0,
        testId: 't0',
        pass: true,
        assertions: [
          check('m', 1),
          check('m', 0.4, { weight: 3 }),
          check('m', 0, { error: true }),
          check(undefined, 1),
          {
            ...check(undefined, 1),
            type: 'assert-set',
            children: [check('inner', 0.5)],
          },
        ],
      }),
      blankCell({ key: 'b', testIndex: 1, testId: 't1', pass: true, assertions: [check(undefined, 1)] }),
    ];
    runs.writeCells('r', cells);
    const scores = [...runs.metricScores.iterate('r', 1)].sort();
    expect(scores).toHaveLength(2);
    expect(scores[0]).toEqual([0, 0, 'inner', 0.5]);
    // (1·1 + 0.4·3) / 4; the undecided check is left out.
    expect(scores[1]![2]).toBe('m');
    expect(scores[1]![3]).toBeCloseTo(0.55, 12);
  });
});
