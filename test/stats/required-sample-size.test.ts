import { describe, expect, it } from 'vitest';
import { pairedPassFail } from '../../src/stats/paired-pass-fail.ts';
import { requiredSampleSize } from '../../src/stats/required-sample-size.ts';
import { rate, report, Simulator } from './simulate.ts';

describe('requiredSampleSize', () => {
  it("gives Connor's McNemar sample size, checked by hand", () => {
    // ψ = 0.3, δ = 0.1: (1.95996·√0.3 + 0.84162·√0.29)² / 0.01 = 1.52674² / 0.01 = 233.09 → 234.
    expect(requiredSampleSize({ kind: 'pass-fail', discordance: 0.3, difference: 0.1 })).toBe(234);
    // Discordance below |δ| is impossible, so it is raised to |δ|: ψ = 0.2, ψ − δ² = 0.16,
    // (1.95996·0.44721 + 0.84162·0.4)² / 0.04 = 1.21317² / 0.04 = 36.79 → 37.
    expect(requiredSampleSize({ kind: 'pass-fail', discordance: 0, difference: 0.2 })).toBe(37);
  });

  it('gives the paired t sample size: d = 0.5 at 80% power needs 34 tests, as G*Power says', () => {
    expect(requiredSampleSize({ kind: 'score', standardDeviation: 1, difference: 0.5 })).toBe(34);
    expect(requiredSampleSize({ kind: 'score', standardDeviation: 2, difference: -1 })).toBe(34);
  });

  it('needs more tests for smaller differences, stricter α and more power', () => {
    const base = requiredSampleSize({ kind: 'pass-fail', discordance: 0.2, difference: 0.05 })!;
    expect(requiredSampleSize({ kind: 'pass-fail', discordance: 0.2, difference: 0.03 })).toBeGreaterThan(
      base,
    );
    expect(
      requiredSampleSize({ kind: 'pass-fail', discordance: 0.2, difference: 0.05 }, { alpha: 0.01 }),
    ).toBeGreaterThan(base);
    expect(
      requiredSampleSize({ kind: 'pass-fail', discordance: 0.2, difference: 0.05 }, { power: 0.9 }),
    ).toBeGreaterThan(base);
  });

  it('is undefined when nothing can be detected or the spread is unknown', () => {
    expect(requiredSampleSize({ kind: 'pass-fail', discordance: 0.2, difference: 0 })).toBeUndefined();
    expect(requiredSampleSize({ kind: 'score', standardDeviation: 0, difference: 0.1 })).toBeUndefined();
    expect(() =>
      requiredSampleSize({ kind: 'score', standardDeviation: 1, difference: 1 }, { power: 80 }),
    ).toThrow();
  });

  it('delivers about the promised power: 234 tests detect 10 pp at ψ = 0.3 about 80% of the time', () => {
    const simulator = new Simulator(41);
    const power = rate(2000, () => {
      const a: number[] = [];
      const b: number[] = [];
      for (let test = 0; test < 234; test++) {
        const draw = simulator.random.nextUnit();
        // Discordant cells 0.1 (A only) and 0.2 (B only): ψ = 0.3, δ = 0.1.
        const both = simulator.bernoulli(0.5);
        a.push(draw < 0.1 ? 1 : draw < 0.3 ? 0 : both);
        b.push(draw < 0.1 ? 0 : draw < 0.3 ? 1 : both);
      }
      return pairedPassFail(a, b).pValue <= 0.05;
    });
    report('McNemar mid-p power at the planned 234 tests (target 0.80)', power);
    expect(power).toBeGreaterThanOrEqual(0.75);
    expect(power).toBeLessThanOrEqual(0.86);
  });
});
