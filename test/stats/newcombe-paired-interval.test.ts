import { describe, expect, it } from 'vitest';
import { newcombePairedInterval } from '../../src/stats/newcombe-paired-interval.ts';
import { pairedPassFail } from '../../src/stats/paired-pass-fail.ts';
import { rate, report, Simulator } from './simulate.ts';

describe('newcombePairedInterval', () => {
  it('matches Fagerland, Lydersen & Laake (2014) for Cavo et al. 2012', () => {
    // Their table has A (before) as rows: 59 both, 6 A only, 16 B only, 80 neither; they report
    // A − B = −0.0621 (−0.1186 to −0.0046). We report B − A, so the signs flip.
    const interval = newcombePairedInterval({ bothPass: 59, aOnly: 6, bOnly: 16, neitherPass: 80 });
    expect(interval.estimate).toBeCloseTo(10 / 161, 10);
    expect(interval.lower).toBeCloseTo(0.0046, 4);
    expect(interval.upper).toBeCloseTo(0.1186, 4);
  });

  it('stays inside [−1, 1] at the extremes', () => {
    const interval = newcombePairedInterval({ bothPass: 0, aOnly: 0, bOnly: 12, neitherPass: 0 });
    expect(interval.estimate).toBe(1);
    expect(interval.upper).toBe(1);
    expect(interval.lower).toBeGreaterThan(0.5);
    expect(newcombePairedInterval({ bothPass: 0, aOnly: 0, bOnly: 0, neitherPass: 0 }).estimate).toBeNaN();
  });

  for (const [tests, cells] of [
    [60, [0.5, 0.08, 0.15, 0.27]],
    [150, [0.5, 0.08, 0.15, 0.27]],
    [100, [0.6, 0.05, 0.05, 0.3]],
    [40, [0.4, 0.1, 0.2, 0.3]],
  ] as const) {
    const label = `${tests} tests, cells ${cells.join('/')}`;
    it(`covers the true difference 93.5–96.5% of the time (${label})`, () => {
      const simulator = new Simulator(tests + cells[1] * 1000);
      const truth = cells[2] - cells[1];
      const coverage = rate(3000, () => {
        const a: number[] = [];
        const b: number[] = [];
        for (let test = 0; test < tests; test++) {
          const draw = simulator.random.nextUnit();
          const cell =
            draw < cells[0]
              ? 0
              : draw < cells[0] + cells[1]
                ? 1
                : draw < cells[0] + cells[1] + cells[2]
                  ? 2
                  : 3;
          a.push(cell <= 1 ? 1 : 0);
          b.push(cell === 0 || cell === 2 ? 1 : 0);
        }
        const { difference } = pairedPassFail(a, b);
        return difference.lower <= truth && truth <= difference.upper;
      });
      report(`Newcombe paired interval coverage, ${label}`, coverage);
      expect(coverage).toBeGreaterThanOrEqual(0.935);
      expect(coverage).toBeLessThanOrEqual(0.965);
    });
  }
});
