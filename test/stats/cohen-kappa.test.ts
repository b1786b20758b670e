import { describe, expect, it } from 'vitest';
import { cohenKappa, passFailTable } from '../../src/stats/cohen-kappa.ts';

describe('cohenKappa', () => {
  // Stata's kapci (analytical interval, Fleiss, Cohen & Everitt 1969), Statalist, December 2009:
  // N = 1932, p_o = .8038302277, p_e = .7022330671, kappa = .3411969208, se = .0262913720.
  it('matches a published 2×2 example to every printed digit', () => {
    const result = cohenKappa([
      [1395, 118],
      [261, 158],
    ]);
    expect(result.n).toBe(1932);
    expect(result.observedAgreement).toBeCloseTo(0.8038302277432712, 12);
    expect(result.expectedAgreement).toBeCloseTo(0.7022330671398995, 12);
    expect(result.kappa).toBeCloseTo(0.3411969207847029, 12);
    expect(result.standardError).toBeCloseTo(0.0262913719660408, 10);
    expect(result.interval!.lower).toBeCloseTo(0.2896667786271169, 8);
    expect(result.interval!.upper).toBeCloseTo(0.3927270629422889, 8);
  });

  // statpsych's ci.kappa(.05, 31, 12, 4, 58), after Fleiss & Paik (2003): 0.6756757, SE 0.07344761.
  it('matches statpsych on a small 2×2 table', () => {
    const result = cohenKappa([
      [31, 12],
      [4, 58],
    ]);
    expect(result.kappa).toBeCloseTo(0.6756757, 7);
    expect(result.standardError).toBeCloseTo(0.07344761, 8);
    expect(result.interval!.lower).toBeCloseTo(0.531721, 6);
    expect(result.interval!.upper).toBeCloseTo(0.8196303, 6);
  });

  it('reads a k×k table: a hand-worked 3×3 example', () => {
    // n = 30, p_o = 22/30, margins (12, 12, 6) and (13, 12, 5): p_e = 330/900, kappa = 330/570.
    const result = cohenKappa([
      [10, 2, 0],
      [3, 8, 1],
      [0, 2, 4],
    ]);
    expect(result.observedAgreement).toBeCloseTo(22 / 30, 12);
    expect(result.expectedAgreement).toBeCloseTo(330 / 900, 12);
    expect(result.kappa).toBeCloseTo(330 / 570, 12);
    expect(result.interval!.lower).toBeLessThan(result.kappa!);
  });

  it('is 1 for perfect agreement, 0 at chance, negative below it', () => {
    expect(
      cohenKappa([
        [7, 0],
        [0, 5],
      ]).kappa,
    ).toBe(1);
    expect(
      cohenKappa([
        [10, 10],
        [10, 10],
      ]).kappa,
    ).toBeCloseTo(0, 12);
    expect(
      cohenKappa([
        [0, 6],
        [6, 0],
      ]).kappa,
    ).toBe(-1);
  });

  it('leaves kappa undefined, with a reason, when it cannot be computed', () => {
    const empty = cohenKappa([
      [0, 0],
      [0, 0],
    ]);
    expect(empty.kappa).toBeUndefined();
    expect(empty.reason).toMatch(/no items/);
    const oneVerdict = cohenKappa([
      [9, 0],
      [0, 0],
    ]);
    expect(oneVerdict.kappa).toBeUndefined();
    expect(oneVerdict.observedAgreement).toBe(1);
    expect(oneVerdict.reason).toMatch(/same verdict/);
  });

  it('rejects tables that are not square counts', () => {
    expect(() => cohenKappa([[1, 2]])).toThrow(/two categories/);
    expect(() => cohenKappa([[1, 2], [3]])).toThrow(/square/);
    expect(() =>
      cohenKappa([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/non-negative/);
    expect(() =>
      cohenKappa(
        [
          [1, 2],
          [3, 4],
        ],
        95,
      ),
    ).toThrow(/confidence/);
  });
});

describe('passFailTable', () => {
  it('counts pairs of verdicts, pass first', () => {
    const pairs: [boolean, boolean][] = [
      [true, true],
      [true, false],
      [false, false],
      [false, false],
    ];
    expect(passFailTable(pairs)).toEqual([
      [1, 1],
      [0, 2],
    ]);
  });
});
