import { describe, expect, it } from 'vitest';
import { formatRunReport } from '../../../src/eval/report/format-run-report.ts';
import { buildRunReport, FAILURES_SHOWN } from '../../../src/eval/report/run-report.ts';
import type { AssertionResult } from '../../../src/spec/assertion.ts';
import type { CellRecord, RunManifest } from '../../../src/spec/run.ts';
import { openDatabase } from '../../../src/store/database.ts';
import { RunStore } from '../../../src/store/run-store.ts';
import { blankCell } from '../../helpers/cell-record.ts';

function manifest(tests: number, repeats = 1): RunManifest {
  return {
    suiteFile: 'suite.yaml',
    suiteHash: 'h',
    dataHash: 'd',
    prompts: ['greet', 'warm'].map((name) => ({ label: name, name, hash: name, source: 'library' as const })),
    models: [{ label: 'stub:m', ref: 'stub:m', params: {} }],
    repeats,
    seed: 0,
    selection: {},
    testCount: tests,
    cellCount: tests * 2 * repeats,
    cache: 'use',
    plumeVersion: '0.0.0',
  };
}

function check(
  type: AssertionResult['type'],
  pass: boolean,
  reason: string,
  extra: Partial<AssertionResult> = {},
) {
  return { type, pass, score: pass ? 1 : 0, reason, weight: 1, ...extra } as AssertionResult;
}

function cell(testIndex: number, promptIndex: number, fields: Partial<CellRecord>): CellRecord {
  return blankCell({
    key: `${testIndex}-${promptIndex}`,
    testIndex,
    testId: `id${testIndex}`,
    promptIndex,
    output: 'a fine answer',
    pass: true,
    score: 1,
    latencyMs: 1,
    ...fields,
  });
}

function report(cells: CellRecord[], tests: number) {
  const store = new RunStore(openDatabase(':memory:'));
  store.createRun('r', manifest(tests));
  store.writeCells('r', cells);
  store.setStatus('r', 'completed');
  return buildRunReport(store, 'r');
}

describe('the failed cells of a report', () => {
  it('lists none when every cell passed, and the section is left out', () => {
    const built = report([cell(0, 0, {}), cell(0, 1, {})], 1);
    expect(built.failures).toEqual([]);
    expect(formatRunReport(built)).not.toContain('Failed cells');
  });

  it('names the test, the column, the failing checks (inside groups too) or the error, and the answer', () => {
    const cells = [
      cell(0, 0, {}),
      cell(0, 1, {}),
      cell(1, 1, {
        pass: false,
        score: 0.5,
        output: 'The answer\n  spans   lines',
        assertions: [
          check('contains', true, 'Output contains "a"'),
          check('assert-set', false, '1 of 2 passed', {
            children: [
              check('regex', true, 'matches'),
              check('icontains', false, 'Output lacks "b"', { metric: 'bee' }),
            ],
          }),
          check('not-equals', false, 'Output equals "x"'),
        ],
      }),
      cell(1, 0, {
        pass: undefined,
        score: undefined,
        output: undefined,
        error: { code: 'PROVIDER_HTTP', message: 'HTTP 500' },
      }),
      cell(2, 0, { pass: false, score: 0.6, reason: 'score 0.60 is below the threshold 0.80' }),
    ];
    const built = report(cells, 3);
    expect(built.failures).toEqual([
      {
        test: 2,
        testId: 'id1',
        column: 'greet',
        repeat: 0,
        error: { code: 'PROVIDER_HTTP', message: 'HTTP 500' },
        checks: [],
      },
      {
        test: 2,
        testId: 'id1',
        column: 'warm',
        repeat: 0,
        checks: [
          { name: 'bee', reason: 'Output lacks "b"' },
          { name: 'not-equals', reason: 'Output equals "x"' },
        ],
        output: 'The answer spans lines',
      },
      {
        test: 3,
        testId: 'id2',
        column: 'greet',
        repeat: 0,
        checks: [],
        reason: 'score 0.60 is below the threshold 0.80',
        output: 'a fine answer',
      },
    ]);
    const text = formatRunReport(built);
    expect(text).toContain(
      [
        'Failed cells: 3',
        '  test 2 · greet: error PROVIDER_HTTP: HTTP 500',
        '  test 2 · warm: bee: Output lacks "b"; not-equals: Output equals "x"',
        '    output: The answer spans lines',
        '  test 3 · greet: score 0.60 is below the threshold 0.80',
        '    output: a fine answer',
      ].join('\n'),
    );
  });

  it(`lists the first ${FAILURES_SHOWN} in test order and says where the others are`, () => {
    const tests = 30;
    const cells = Array.from({ length: tests }, (_, test) =>
      cell(test, 0, { pass: false, score: 0, output: `answer ${test} ${'x'.repeat(200)}` }),
    );
    const built = report(cells.reverse(), tests);
    expect(built.failures.map((failure) => failure.test)).toEqual(
      Array.from({ length: FAILURES_SHOWN }, (_, index) => index + 1),
    );
    expect(built.failures[0]!.output).toHaveLength(100);
    expect(built.failures[0]!.output!.endsWith('…')).toBe(true);
    expect(formatRunReport(built)).toContain(
      `Failed cells: 30 (the first ${FAILURES_SHOWN}; all: plume runs export r -f jsonl)`,
    );
  });
});
