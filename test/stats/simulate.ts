// Seeded data generators for the simulation tests: the truth is known by construction.
import { RandomSource } from '../../src/stats/random-source.ts';

/** A seeded source of Bernoulli draws and of per-test pass probabilities. */
export class Simulator {
  readonly random: RandomSource;

  constructor(seed: number) {
    this.random = new RandomSource(seed);
  }

  /** 1 with probability `probability`, else 0. */
  bernoulli(probability: number): number {
    return this.random.nextUnit() < probability ? 1 : 0;
  }

  /** `repeats` runs of one test that passes with probability `probability`. */
  runs(probability: number, repeats: number): number[] {
    return Array.from({ length: repeats }, () => this.bernoulli(probability));
  }

  /**
   * A pass probability drawn like an LLM suite's tests: 45% nearly always pass (0.97), 20%
   * nearly always fail (0.05), 35% are flaky, uniform on [0.2, 0.8]. Mean: MIXTURE_MEAN.
   */
  testProbability(): number {
    const kind = this.random.nextUnit();
    if (kind < 0.45) return 0.97;
    if (kind < 0.65) return 0.05;
    return 0.2 + 0.6 * this.random.nextUnit();
  }

  /**
   * Pass probabilities of A and B on one test where B is better on the hard and flaky tests:
   * 40% both 0.97; 20% A 0.05, B 0.20; 40% A uniform on [0.2, 0.8], B 0.1 higher.
   * Mean B − A: SHIFTED_PAIR_DIFFERENCE.
   */
  shiftedPair(): [number, number] {
    const kind = this.random.nextUnit();
    if (kind < 0.4) return [0.97, 0.97];
    if (kind < 0.6) return [0.05, 0.2];
    const a = 0.2 + 0.6 * this.random.nextUnit();
    return [a, a + 0.1];
  }

  /** Exponential with the given mean: a skewed score noise. */
  exponential(mean: number): number {
    return -Math.log(1 - this.random.nextUnit()) * mean;
  }
}

export const MIXTURE_MEAN = 0.45 * 0.97 + 0.2 * 0.05 + 0.35 * 0.5;
export const SHIFTED_PAIR_DIFFERENCE = 0.2 * 0.15 + 0.4 * 0.1;

/** Share of `trials` where `event` is true. */
export function rate(trials: number, event: (trial: number) => boolean): number {
  let count = 0;
  for (let trial = 0; trial < trials; trial++) if (event(trial)) count++;
  return count / trials;
}

/** Prints a simulation's figure when PLUME_STATS_REPORT is set, so the README's numbers can be reproduced. */
export function report(label: string, value: number): number {
  if (process.env.PLUME_STATS_REPORT) console.log(`[stats-validation] ${label}: ${value.toFixed(4)}`);
  return value;
}
