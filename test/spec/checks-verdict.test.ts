import { describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../src/spec/assertion.ts';
import { checksVerdict } from '../../src/spec/checks-verdict.ts';
import { formatPassRate, passRateOf } from '../../src/spec/pass-rate.ts';

const check = (pass: boolean, weight = 1, score = pass ? 1 : 0): AssertionResult => ({
  type: 'contains',
  pass,
  score,
  reason: '',
  weight,
});
const undecided = (weight = 1): AssertionResult => ({
  type: 'javascript',
  pass: false,
  score: 0,
  reason: 'code not allowed',
  weight,
  error: true,
});

describe('checksVerdict', () => {
  it('without a threshold: a decided failure decides, else an undecided check leaves it undecided', () => {
    expect(checksVerdict([check(true), undecided()])).toEqual({ verdict: 'undecided', score: 1 });
    expect(checksVerdict([check(false), undecided()])).toEqual({ verdict: 'fail', score: 0 });
    expect(checksVerdict([undecided()])).toEqual({ verdict: 'undecided', score: undefined });
    expect(checksVerdict([check(true)])).toEqual({ verdict: 'pass', score: 1 });
    // A check that counts for nothing cannot leave the verdict undecided.
    expect(checksVerdict([check(true), undecided(0)])).toEqual({ verdict: 'pass', score: 1 });
    expect(checksVerdict([])).toEqual({ verdict: 'pass', score: 1 });
  });

  it('with a threshold: a pass or a fail whatever the undecided checks score, else undecided', () => {
    // 1 of 2: between 0.5 (undecided scores 0) and 1 (it scores 1).
    expect(checksVerdict([check(true), undecided()], 0.5).verdict).toBe('pass');
    expect(checksVerdict([check(true), undecided()], 0.75).verdict).toBe('undecided');
    expect(checksVerdict([check(true), undecided()], 1).verdict).toBe('undecided');
    // 0 of 3 with one undecided: at most 1/3.
    expect(checksVerdict([check(false), check(false), undecided()], 0.5).verdict).toBe('fail');
    expect(checksVerdict([check(false), check(false), undecided()], 0.3).verdict).toBe('undecided');
    // Weights move the bounds: the undecided check weighs 3 of 4.
    expect(checksVerdict([check(true), undecided(3)], 0.3).verdict).toBe('undecided');
    expect(checksVerdict([check(true), undecided(3)], 0.25).verdict).toBe('pass');
    // Without undecided checks it is the plain score against the threshold.
    expect(checksVerdict([check(true), check(false)], 0.5)).toEqual({ verdict: 'pass', score: 0.5 });
    expect(checksVerdict([check(true), check(false)], 0.6)).toEqual({ verdict: 'fail', score: 0.5 });
  });
});

describe('passRateOf', () => {
  it('is passed over decided, leaving errors and undecided cells out, and says so beside it', () => {
    const rate = passRateOf({ passed: 140, failed: 60, errors: 12, undecided: 30 });
    expect(rate.rate).toBe(0.7);
    expect(rate.decided).toBe(200);
    expect(formatPassRate(rate, '[63.3%, 75.9%]')).toBe(
      '70.0% [63.3%, 75.9%] of 200 decided; 12 errors, 30 undecided',
    );
    expect(formatPassRate(passRateOf({ passed: 1, failed: 0, errors: 0, undecided: 0 }))).toBe(
      '100.0% of 1 decided',
    );
    expect(passRateOf({ passed: 0, failed: 0, errors: 1, undecided: 2 }).rate).toBeNull();
  });
});
