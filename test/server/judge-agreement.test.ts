import { describe, expect, it } from 'vitest';
import { judgeAgreement } from '../../src/server/judge-agreement.ts';
import type { AssertionResult } from '../../src/spec/assertion.ts';

const result = (type: AssertionResult['type'], pass: boolean, extra: Partial<AssertionResult> = {}) =>
  ({ type, pass, score: pass ? 1 : 0, reason: '', weight: 1, ...extra }) as AssertionResult;

describe('judgeAgreement', () => {
  it('pairs only model-graded checks with the person, by metric or type, groups opened', async () => {
    const agreement = await judgeAgreement([
      {
        cellKey: 'a',
        humanPass: true,
        assertions: [
          result('contains', false),
          result('llm-rubric', true),
          result('assert-set', true, { children: [result('factuality', true, { metric: 'facts' })] }),
        ],
      },
      {
        cellKey: 'b',
        humanPass: false,
        assertions: [result('not-llm-rubric', false), result('factuality', true, { metric: 'facts' })],
      },
    ]);
    expect(agreement.ratedCells).toBe(2);
    expect(agreement.checks.map((check) => [check.name, check.table])).toEqual([
      [
        'facts',
        [
          [1, 1],
          [0, 0],
        ],
      ],
      [
        'llm-rubric',
        [
          [1, 0],
          [0, 0],
        ],
      ],
      [
        'not-llm-rubric',
        [
          [0, 0],
          [0, 1],
        ],
      ],
    ]);
    // One pair, both pass: chance explains all agreement, and kappa says so rather than a number.
    expect(agreement.checks[1]!.kappa).toBeUndefined();
    expect(agreement.checks[1]!.reason).toMatch(/same verdict/);
  });

  it('leaves out verdicts the judge could not give, and numbers repeated checks of a cell', async () => {
    const agreement = await judgeAgreement([
      {
        cellKey: 'a',
        humanPass: true,
        assertions: [result('llm-rubric', true), result('llm-rubric', false, { error: true })],
      },
      {
        cellKey: 'b',
        humanPass: false,
        assertions: [result('llm-rubric', false), result('llm-rubric', true)],
      },
    ]);
    const [first, second] = agreement.checks;
    expect([first!.name, first!.n, first!.undecided, first!.kappa]).toEqual(['llm-rubric', 2, 0, 1]);
    expect([second!.name, second!.n, second!.undecided]).toEqual(['llm-rubric #2', 1, 1]);
  });
});
